package io.remotemedia.pipeline.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.audio.g711.G711Law;
import io.remotemedia.pipeline.PipelineException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamAudioDecoderTest {
  private static final AudioBuffer TONE = AudioBuffer.of(AudioFormat.f32(16000, 1),
      TestSignals.sine(300, 0.4, 16000, 16000));

  /** Splits coded packets into chunks of 1 to 7 packets, at random. */
  private static float[] decodeInChunks(EncodedAudio packets, long seed) {
    StreamAudioDecoder decoder = new StreamAudioDecoder();
    Random random = new Random(seed);
    int[] lengths = packets.packetLengths();
    float[] out = new float[0];
    int packet = 0;
    int offset = 0;
    for (int chunk = 0; packet < lengths.length; chunk++) {
      int count = Math.min(lengths.length - packet, 1 + random.nextInt(7));
      int[] chunkLengths = Arrays.copyOfRange(lengths, packet, packet + count);
      int bytes = Arrays.stream(chunkLengths).sum();
      EncodedAudio part = EncodedAudio.opusPackets(
          Arrays.copyOfRange(packets.bytes(), offset, offset + bytes), chunkLengths,
          packets.packetDurationUs(), 16000, 1);
      float[] decoded = decoder.decode(part, SampleFormat.I16, "chunk " + chunk).samples();
      int at = out.length;
      out = Arrays.copyOf(out, at + decoded.length);
      System.arraycopy(decoded, 0, out, at, decoded.length);
      packet += count;
      offset += bytes;
    }
    return out;
  }

  @Test
  void decode_opusPacketsInAnyChunking_givesTheSamplesOfOneWholeDecode() {
    EncodedAudio packets = EncodedAudioCodec.encode(TONE,
        OutputEncoding.of(AudioEncoding.OPUS_PACKETS), "tone");
    float[] whole = EncodedAudioCodec.decode(packets, SampleFormat.I16, "whole").samples();

    for (long seed = 1; seed <= 3; seed++) {
      assertThat(decodeInChunks(packets, seed)).as("seed %d", seed).containsExactly(whole);
    }
  }

  @Test
  void decode_muLawChunks_decodeEachSampleOnItsOwn() {
    byte[] codes = new byte[10];
    G711Law.MU_LAW.encode(TONE.samples(), 0, codes, 0, codes.length);
    StreamAudioDecoder decoder = new StreamAudioDecoder();

    float[] first = decoder.decode(EncodedAudio.g711(AudioEncoding.MU_LAW,
        Arrays.copyOf(codes, 3), 8000, 1), SampleFormat.I16, "chunk 0").samples();

    assertThat(first).containsExactly(G711Law.MU_LAW.decode(codes[0]),
        G711Law.MU_LAW.decode(codes[1]), G711Law.MU_LAW.decode(codes[2]));
  }

  @Test
  void decode_opusChunkAtAnotherRate_isRefusedNamingBoth() {
    EncodedAudio packets = EncodedAudioCodec.encode(TONE,
        OutputEncoding.of(AudioEncoding.OPUS_PACKETS), "tone");
    StreamAudioDecoder decoder = new StreamAudioDecoder();
    decoder.decode(packets, SampleFormat.I16, "chunk 0");
    EncodedAudio at48k = EncodedAudio.opusPackets(packets.bytes(), packets.packetLengths(),
        20_000, 48000, 1);

    assertThatThrownBy(() -> decoder.decode(at48k, SampleFormat.I16, "chunk 1 audio"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("chunk 1 audio: 48000 Hz x 1 channels, but the stream's Opus packets"
            + " decode at 16000 Hz x 1 channels");
  }
}
