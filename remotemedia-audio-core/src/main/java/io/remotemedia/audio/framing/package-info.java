/**
 * Framing: nodes that re-time a stream without changing its samples. {@link
 * io.remotemedia.audio.framing.AudioChunkerNode} re-blocks it into fixed frames (optionally
 * overlapping), {@link io.remotemedia.audio.framing.AudioBufferAccumulatorNode} releases it in
 * blocks of a fixed duration, {@link io.remotemedia.audio.framing.SilenceTrimNode} drops leading
 * and trailing silence. Their latency is the audio they hold back.
 */
package io.remotemedia.audio.framing;
