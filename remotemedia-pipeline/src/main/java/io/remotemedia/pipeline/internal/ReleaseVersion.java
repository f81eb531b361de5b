package io.remotemedia.pipeline.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The release version of RemoteMedia, written into a resource by the build. Every module
 * shares one version, so the server's GetVersion and the SDK's user agent both read it here.
 */
public final class ReleaseVersion {
  private static final String VERSION = read();

  private ReleaseVersion() {}

  /** {@return the release version, for example {@code 0.1.0}; "unknown" outside a build} */
  public static String current() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in =
        ReleaseVersion.class.getResourceAsStream("remotemedia-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the build's version resource", e);
    }
  }
}
