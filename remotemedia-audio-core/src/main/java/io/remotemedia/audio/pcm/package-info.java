/**
 * Conversions between encoded PCM bytes or {@link java.nio.ShortBuffer}s and float samples.
 * These run at the edges of a pipeline: the wire, files, and node entry points.
 */
package io.remotemedia.audio.pcm;
