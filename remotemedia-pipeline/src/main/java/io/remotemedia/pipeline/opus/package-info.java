/**
 * Opus audio (RFC 6716) through the pure-Java Concentus codec, and the Ogg Opus file format
 * (RFC 7845, RFC 3533) in our own code.
 *
 * <p>{@link io.remotemedia.pipeline.opus.OpusPacketDecoder} and {@link
 * io.remotemedia.pipeline.opus.OpusPacketEncoder} code single packets of a stream, with packet
 * loss concealment for a missing packet; {@link io.remotemedia.pipeline.opus.OggOpusReader} and
 * {@link io.remotemedia.pipeline.opus.OggOpusWriter} read and write whole {@code .opus} files.
 * Bad input raises an {@link io.remotemedia.pipeline.opus.OpusFormatException} that names the
 * problem and its byte offset.
 *
 * <p>Opus lives here rather than in audio-core so that audio-core keeps no third-party
 * dependency; the wire mapping and the CLI, which need Opus, already depend on this module.
 */
package io.remotemedia.pipeline.opus;
