package io.remotemedia.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** This SDK's release version, from the build, and the user agent that carries it. */
final class SdkVersion {
  private static final String VERSION = read();

  private SdkVersion() {}

  /** Returns the release version, for example {@code 0.1.0}; "unknown" outside a build. */
  static String current() {
    return VERSION;
  }

  /** Returns the user agent sent with every call, for example {@code remotemedia-java/0.1.0}. */
  static String userAgent() {
    return "remotemedia-java/" + VERSION;
  }

  private static String read() {
    try (InputStream in = SdkVersion.class.getResourceAsStream("remotemedia-client.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the SDK's version resource", e);
    }
  }
}
