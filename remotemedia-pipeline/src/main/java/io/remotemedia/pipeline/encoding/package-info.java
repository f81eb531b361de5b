/**
 * Audio coded for the wire or a file: G.711 μ-law and A-law, Ogg Opus files and raw Opus
 * packets. {@link io.remotemedia.pipeline.encoding.EncodedAudio} holds coded bytes, {@link
 * io.remotemedia.pipeline.encoding.OutputEncoding} says how to code a sink's output, and {@link
 * io.remotemedia.pipeline.encoding.EncodedAudioCodec} converts between them and {@link
 * io.remotemedia.audio.AudioBuffer}. They are the edge adapters in front of a pipeline's
 * sources and behind its sinks: the pipeline itself runs on decoded float samples.
 */
package io.remotemedia.pipeline.encoding;
