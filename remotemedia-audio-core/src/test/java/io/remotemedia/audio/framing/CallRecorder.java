package io.remotemedia.audio.framing;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.audio.node.UnsupportedFormatException;
import java.util.ArrayList;
import java.util.List;

/** Feeds a node chunk by chunk like NodeRuns, and records how many frames each call wrote. */
final class CallRecorder {
  final List<Integer> processWrites = new ArrayList<>();
  int flushWrites;

  void run(AudioNode node, AudioFormat format, float[] input, int[] chunks)
      throws UnsupportedFormatException {
    int channels = format.channelCount();
    int maxChunk = 1;
    for (int c : chunks) {
      maxChunk = Math.max(maxChunk, c);
    }
    node.configure(format, maxChunk);
    float[] in = new float[maxChunk * channels];
    float[] out = new float[node.maxOutputFrames(maxChunk) * channels];
    int offset = 0;
    for (int frames : chunks) {
      System.arraycopy(input, offset * channels, in, 0, frames * channels);
      processWrites.add(node.process(in, frames, out));
      offset += frames;
    }
    flushWrites = node.flush(new float[node.maxFlushFrames() * channels]);
  }
}
