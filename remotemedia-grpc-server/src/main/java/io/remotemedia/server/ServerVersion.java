package io.remotemedia.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The release version of this server, from the build. */
final class ServerVersion {
  private ServerVersion() {}

  static String current() {
    try (InputStream in = ServerVersion.class.getResourceAsStream("remotemedia-server.properties")) {
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
