package io.remotemedia.server.internal.cli;

import io.grpc.StatusRuntimeException;
import io.netty.handler.ssl.NotSslRecordException;
import javax.net.ssl.SSLException;

/**
 * Words a {@code call} that no server answered (UNAVAILABLE): nothing listens at the target,
 * or a server is there but the connection's TLS does not match its own. grpc-java says only
 * "ssl exception", "io exception" or "Network closed for unknown reason", so the cause is read
 * from the exception chain and the options the user gave.
 */
final class UnansweredCall {
  private UnansweredCall() {}

  /**
   * {@return the problem and what to check}
   *
   * @param failure the UNAVAILABLE failure, with grpc-java's exception as its cause
   * @param remote the options the call was made with
   */
  static String describe(Throwable failure, RemoteOptions remote) {
    String target = remote.target();
    NotSslRecordException plaintext = find(failure, NotSslRecordException.class);
    if (plaintext != null) {
      return "the server at " + target + " answered without TLS; leave out --tls-ca (and"
          + " --tls-cert, --tls-key), or turn TLS on in the server's configuration";
    }
    SSLException handshake = find(failure, SSLException.class);
    if (handshake != null) {
      return "the TLS handshake with " + target + " failed (" + firstLine(handshake)
          + "); check that --tls-ca is the CA that signed the server's certificate, "
          + (remote.hasClientCertificate()
              ? "and that the server trusts the CA of --tls-cert"
              : "and whether the server requires a client certificate (--tls-cert, --tls-key)");
    }
    // grpc-java's own words and its cause's ("Connection refused: ..."): the SDK's message
    // adds hints of its own, which this one words for the command's options.
    StatusRuntimeException status = find(failure, StatusRuntimeException.class);
    String said = firstLine(status != null ? status : failure);
    if (status != null && status.getCause() != null && status.getCause().getMessage() != null) {
      String cause = firstLine(status.getCause());
      said += said.contains(cause) ? "" : ": " + cause;
    }
    String text = "no server answered at " + target + " (" + said + "); "
        + (CallCommand.namesPort(target) ? ""
            : "the target names no port, so gRPC used its default (443, or 80 without TLS);"
                + " give HOST:PORT, for example " + target + ":50051; ");
    if (!remote.usesTls() && said.contains("Network closed")) {
      text += "a server there closed the connection before answering, as a TLS server does"
          + " to a client without --tls-ca; ";
    }
    return text + "check that a RemoteMedia server runs there and that --target and the TLS"
        + " options are right";
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
    }
    return null;
  }

  /** grpc-java appends the channel's pipeline on further lines: keep the first. */
  private static String firstLine(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
