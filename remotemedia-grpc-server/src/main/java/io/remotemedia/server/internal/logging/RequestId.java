package io.remotemedia.server.internal.logging;

import io.grpc.Context;
import io.grpc.Metadata;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.logging.log4j.ThreadContext;

/**
 * The id that ties a call's log lines together: the caller's {@code x-request-id} when it is a
 * sane token, otherwise a random UUID. It lives in the call's {@link Context} and, while the
 * pipeline runs, in the log4j {@code ThreadContext} under {@value #LOG_KEY}.
 */
public final class RequestId {
  /** The request header (and response header) that carries the id. */
  public static final Metadata.Key<String> HEADER =
      Metadata.Key.of("x-request-id", Metadata.ASCII_STRING_MARSHALLER);
  /** The ThreadContext key, and so the JSON key, of the id. */
  public static final String LOG_KEY = "request_id";

  static final Context.Key<String> CONTEXT_KEY = Context.key("remotemedia-request-id");
  // A caller's id goes into every log line: keep it short and free of JSON or log syntax.
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

  private RequestId() {}

  /** {@return the current call's id, or a fresh one outside a call} */
  public static String current() {
    String id = CONTEXT_KEY.get();
    return id != null ? id : generate();
  }

  /**
   * Runs {@code work} with {@code id} in the log4j {@code ThreadContext}, so that every line it
   * logs carries it, and gives the thread back whatever id it had before (a transport or
   * worker thread serves many calls).
   *
   * @param id the request id
   * @param work what to run
   */
  public static void runWith(String id, Runnable work) {
    String previous = ThreadContext.get(LOG_KEY);
    ThreadContext.put(LOG_KEY, id);
    try {
      work.run();
    } finally {
      if (previous == null) {
        ThreadContext.remove(LOG_KEY);
      } else {
        ThreadContext.put(LOG_KEY, previous);
      }
    }
  }

  /** Returns {@code headerValue} if it is a usable id, otherwise a fresh one. */
  static String fromHeader(String headerValue) {
    return headerValue != null && SANE.matcher(headerValue).matches() ? headerValue : generate();
  }

  private static String generate() {
    return UUID.randomUUID().toString();
  }
}
