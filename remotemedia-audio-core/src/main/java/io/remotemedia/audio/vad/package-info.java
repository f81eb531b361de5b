/**
 * Voice activity detection: {@link io.remotemedia.audio.vad.VadNode} (node type {@code VAD}),
 * its {@link io.remotemedia.audio.vad.VadConfig}, and the typed results it exposes: {@link
 * io.remotemedia.audio.vad.SpeechSegment}s and streaming {@link
 * io.remotemedia.audio.vad.VadEvent}s.
 */
package io.remotemedia.audio.vad;
