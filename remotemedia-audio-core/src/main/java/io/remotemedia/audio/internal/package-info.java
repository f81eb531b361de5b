/**
 * Not public API: machinery that several audio-core packages, or the server, must reach. May
 * change in any release without notice.
 *
 * <p>Internal code lives in {@code io.remotemedia.<module>.internal} and its sub-packages,
 * named for the feature they serve ({@code internal.resample}), as in {@code okhttp3.internal}.
 * The javadoc leaves these packages out. A kernel that serves only one node stays
 * package-private beside it instead (STYLE.md section 3).
 */
package io.remotemedia.audio.internal;
