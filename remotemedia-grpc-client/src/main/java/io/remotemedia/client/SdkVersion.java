package io.remotemedia.client;

import io.remotemedia.pipeline.internal.ReleaseVersion;

/** The user agent that carries this SDK's release version. */
final class SdkVersion {
  private SdkVersion() {}

  /** Returns the user agent sent with every call, for example {@code remotemedia-java/0.1.0}. */
  static String userAgent() {
    return "remotemedia-java/" + ReleaseVersion.current();
  }
}
