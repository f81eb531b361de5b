package io.remotemedia.server.quota;

import io.remotemedia.proto.AudioBuffer;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.server.internal.transport.ParsedRequest;

/**
 * The seconds of input audio a request message carries, read from the declared frame counts
 * and sample rates without decoding the samples, so that the quota is charged before any
 * worker spends time on the request. A buffer that declares a frame count its bytes do not
 * hold is refused later, when it is decoded (and counts here only as the frames its bytes
 * hold); a bad sample rate counts as no audio.
 */
final class WireAudioSeconds {
  private WireAudioSeconds() {}

  /** Returns the audio seconds of {@code message}: 0 for a message that carries none. */
  static double of(Object message) {
    Object request = ParsedRequest.messageOf(message);
    if (request instanceof ExecuteRequest execute) {
      double seconds = 0;
      for (AudioBuffer input : execute.getAudioInputsMap().values()) {
        seconds += of(input);
      }
      return seconds;
    }
    if (request instanceof StreamRequest stream && stream.hasChunk()) {
      return of(stream.getChunk().getAudio());
    }
    return 0;
  }

  private static double of(AudioBuffer buffer) {
    int rateHz = buffer.getSampleRateHz();
    if (rateHz <= 0) {
      return 0;
    }
    // frame_count is unsigned on the wire (negative here means huge). For PCM it is capped by
    // the frames the bytes can hold, so that a lying count (refused at decoding) cannot charge
    // or count more audio than was sent.
    long frames = buffer.getFrameCount() < 0 ? Long.MAX_VALUE : buffer.getFrameCount();
    long bytesPerFrame = (long) bytesPerSample(buffer) * Math.max(1, buffer.getChannels());
    if (bytesPerFrame > 0) {
      frames = Math.min(frames, buffer.getSamples().size() / bytesPerFrame);
    }
    return (double) frames / rateHz;
  }

  /** Returns the bytes of one PCM sample, or 0 for a format whose size is not fixed. */
  private static int bytesPerSample(AudioBuffer buffer) {
    return switch (buffer.getFormat()) {
      case SAMPLE_FORMAT_F32, SAMPLE_FORMAT_I32 -> 4;
      case SAMPLE_FORMAT_I16 -> 2;
      default -> 0;
    };
  }
}
