package io.remotemedia.server.internal.cli;

import io.grpc.Status;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code call}: {@link RunCommand run}'s twin that runs the manifest on a RemoteMedia server
 * through the client SDK. It takes every option of {@code run} plus where the server is, so
 * switching from local to remote is one word:
 *
 * <pre>
 * java -jar remotemedia-server.jar run  --manifest gain.json --input in.wav --output out.wav
 * java -jar remotemedia-server.jar call --target 127.0.0.1:50051 \
 *     --manifest gain.json --input in.wav --output out.wav
 * </pre>
 *
 * <p>Exit codes as {@code run}: 0 on success, 1 when the call, the pipeline or a file fails
 * (the message names it, for example {@code remotemedia call: unauthenticated: missing or
 * invalid credentials}, or {@code remotemedia call: no server answered at 127.0.0.1:50051}),
 * 2 for bad arguments.
 */
public final class CallCommand {
  static final String USAGE = """
      usage: java -jar remotemedia-server.jar call --target HOST:PORT [--token-file FILE]
                 [--tls-ca FILE [--tls-cert FILE --tls-key FILE]]
                 --manifest FILE --input [NODE=]IN.wav --output [NODE=]OUT.wav
                 [--data-output OUT.json]
      """ + RemoteOptions.OPTIONS + "\n" + RunOptions.SHARED_OPTIONS + "\n"
      + RunOptions.LONG_INPUT;

  private final PrintStream out;
  private final PrintStream err;

  /**
   * Creates the command; it prints results to {@code out} and problems to {@code err}.
   *
   * @param out where results and help go (the caller keeps ownership)
   * @param err where errors go (the caller keeps ownership)
   */
  public CallCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /**
   * Runs {@code call} with the arguments after the subcommand; returns the exit code.
   *
   * @param args the arguments after {@code call}
   * @return 0 on success, 1 when the call or a file fails, 2 for bad usage or files that do not
   *     fit the manifest
   */
  public int run(String[] args) {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      out.println(USAGE);
      return 0;
    }
    RemoteOptions remote = new RemoteOptions();
    RunOptions options;
    try {
      options = RunOptions.parse(args, remote);
      remote.check();
    } catch (IllegalArgumentException e) {
      err.println("remotemedia call: " + e.getMessage());
      err.println(USAGE);
      return 2;
    }
    RemoteMediaClient client;
    try {
      client = remote.client();
    } catch (IOException e) {
      err.println("remotemedia call: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException | IllegalStateException e) {
      err.println("remotemedia call: " + e.getMessage());
      return 2;
    }
    try (client) {
      return new RunCommand(out, err).execute(client, options, "call",
          failure -> describe(failure, remote));
    }
  }

  /**
   * Words a failed call. UNAVAILABLE means that no server answered (nothing listens there, the
   * name does not resolve, or TLS does not match, {@link UnansweredCall}): the SDK files it
   * under BUSY, but a server's own BUSY refusal comes as RESOURCE_EXHAUSTED with its detail, so
   * only that one reads "busy" here.
   */
  static String describe(PipelineException failure, RemoteOptions options) {
    if (failure instanceof RemoteMediaException remote
        && remote.code() == Status.Code.UNAVAILABLE) {
      return UnansweredCall.describe(failure, options);
    }
    return RunCommand.describe(failure)
        + (failure.kind() == ErrorKind.TIMEOUT ? "; --deadline-s sets the deadline" : "");
  }

  /**
   * Whether a {@code --target} names a port: {@code host:port}, {@code [v6]:port}, {@code
   * dns:///host:port}, or a comma-separated list (whose entries must each have one).
   */
  static boolean namesPort(String target) {
    if (target.contains(",")) {
      return true;
    }
    int scheme = target.indexOf("://");
    String authority = scheme < 0 ? target : target.substring(target.lastIndexOf('/') + 1);
    int bracket = authority.lastIndexOf(']');
    return authority.indexOf(':', bracket + 1) > 0;
  }
}
