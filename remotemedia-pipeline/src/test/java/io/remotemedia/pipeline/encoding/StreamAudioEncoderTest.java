package io.remotemedia.pipeline.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamAudioEncoderTest {
  private static final AudioFormat MONO_16K = AudioFormat.f32(16000, 1);
  /** 1.01 s: 50 whole 20 ms packets and 160 frames over. */
  private static final AudioBuffer TONE = AudioBuffer.of(MONO_16K,
      TestSignals.sine(300, 0.4, 16000, 16160));

  /** Codes TONE as sink "out", split at random into chunks of 0 to 999 frames. */
  private static List<EncodedAudio> encodeInChunks(OutputEncoding encoding, long seed) {
    StreamAudioEncoder encoder = new StreamAudioEncoder(Map.of("out", encoding));
    Random random = new Random(seed);
    List<EncodedAudio> coded = new ArrayList<>();
    for (int frame = 0; frame < TONE.frameCount(); ) {
      int count = Math.min(TONE.frameCount() - frame, random.nextInt(1000));
      float[] part = Arrays.copyOfRange(TONE.samples(), frame, frame + count);
      coded.add(encoder.encode(Map.of("out", AudioBuffer.of(MONO_16K, part, count))).get("out"));
      frame += count;
    }
    // G.711 keeps nothing, so with no tail it has nothing to add at the end.
    EncodedAudio end = encoder.finish(Map.of()).get("out");
    if (end != null) {
      coded.add(end);
    }
    return coded;
  }

  private static byte[] bytes(List<EncodedAudio> parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    parts.forEach(part -> out.writeBytes(part.bytes()));
    return out.toByteArray();
  }

  private static int[] lengths(List<EncodedAudio> parts) {
    return parts.stream().flatMapToInt(part -> Arrays.stream(part.packetLengths())).toArray();
  }

  @Test
  void encode_opusPacketsInAnyChunking_giveThePacketsOfOneWholeEncode() {
    OutputEncoding opus = OutputEncoding.of(AudioEncoding.OPUS_PACKETS);
    EncodedAudio whole = EncodedAudioCodec.encode(TONE, opus, "whole");

    for (long seed = 1; seed <= 3; seed++) {
      List<EncodedAudio> chunked = encodeInChunks(opus, seed);
      assertThat(lengths(chunked)).as("seed %d", seed).containsExactly(whole.packetLengths());
      assertThat(bytes(chunked)).as("seed %d", seed).containsExactly(whole.bytes());
    }
  }

  @Test
  void finish_flushesThePartialPacket_paddedToAWholePacket() {
    List<EncodedAudio> chunked = encodeInChunks(OutputEncoding.of(AudioEncoding.OPUS_PACKETS), 7);

    EncodedAudio last = chunked.get(chunked.size() - 1);
    assertThat(lengths(chunked)).hasSize(51);
    assertThat(last.packetLengths()).isNotEmpty();
    assertThat(StreamAudioEncoder.decodedFrames(last))
        .isEqualTo(last.packetLengths().length * 320L);
    assertThat(EncodedAudioCodec.decode(new EncodedAudio(AudioEncoding.OPUS_PACKETS,
            bytes(chunked), 16000, 1, lengths(chunked), 20_000),
        io.remotemedia.audio.SampleFormat.I16, "all").frameCount()).isEqualTo(51 * 320);
  }

  @Test
  void encode_muLawInAnyChunking_givesTheBytesOfOneWholeEncode() {
    OutputEncoding muLaw = OutputEncoding.of(AudioEncoding.MU_LAW);
    byte[] whole = EncodedAudioCodec.encode(TONE, muLaw, "whole").bytes();

    assertThat(bytes(encodeInChunks(muLaw, 3))).containsExactly(whole);
  }

  @Test
  void encode_opusAt44100Hz_isInvalidAudioNamingTheSink() {
    StreamAudioEncoder encoder = new StreamAudioEncoder(
        Map.of("vad", OutputEncoding.of(AudioEncoding.OPUS_PACKETS)));
    AudioBuffer cd = AudioBuffer.of(AudioFormat.f32(44100, 1), new float[441], 441);

    assertThatThrownBy(() -> encoder.encode(Map.of("vad", cd)))
        .isInstanceOf(PipelineException.class)
        .hasMessageContaining("audio_outputs[\"vad\"]: cannot code")
        .hasMessageContaining("44100 Hz")
        .matches(e -> ((PipelineException) e).kind() == ErrorKind.INVALID_AUDIO);
  }
}
