package io.remotemedia.bench.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.remotemedia.audio.AudioBuffer;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs the bandwidth tool on one second of the speech fixture per encoding against the real
 * server on loopback, and checks relations between the encodings that follow from their
 * formats, so a stream that sent PCM where it should have coded, or counted the wrong
 * messages, fails. No timing.
 */
class StreamBandwidthTest {
  private static Map<WireEncoding, BandwidthRow> rows;

  @BeforeAll
  static void measureOneSecondPerEncoding() throws IOException, InterruptedException {
    AudioBuffer speech;
    try (InputStream wav = StreamBandwidthTest.class.getResourceAsStream(
        "/io/remotemedia/audio/speech/speech-16k.ffmpeg-decoded.wav")) {
      assertThat(wav).as("the audio-core speech fixture").isNotNull();
      speech = StreamBandwidth.speech(wav, /* seconds= */ 1);
    }
    rows = new EnumMap<>(WireEncoding.class);
    for (BandwidthRow row : StreamBandwidth.measure(speech, List.of(WireEncoding.values()))) {
      rows.put(row.encoding(), row);
    }
  }

  @Test
  void measure_everyEncoding_countsOneMessagePerChunkEachWayAndBytesBothWays() {
    assertThat(rows).hasSize(WireEncoding.values().length);
    for (BandwidthRow row : rows.values()) {
      assertThat(row.audioSeconds()).as("%s", row.encoding()).isEqualTo(1.0);
      assertThat(row.upAudioMessages()).as("%s", row.encoding()).isEqualTo(50);
      assertThat(row.downAudioMessages()).as("%s", row.encoding()).isEqualTo(50);
      assertThat(row.upOnceBytes()).as("%s", row.encoding()).isPositive();
      assertThat(row.downOnceBytes()).as("%s", row.encoding()).isPositive();
    }
  }

  @Test
  void measure_pcm_carriesTheSamplesAtTheirWidth() {
    // 16000 samples a second of 4 or 2 bytes, plus a little framing per message.
    assertThat(rows.get(WireEncoding.PCM_F32).upBytesPerSecond()).isBetween(64_000.0, 70_000.0);
    assertThat(rows.get(WireEncoding.PCM_I16).upBytesPerSecond()).isBetween(32_000.0, 38_000.0);
    assertThat(rows.get(WireEncoding.PCM_F32).downBytesPerSecond())
        .isBetween(64_000.0, 70_000.0);
    assertThat(rows.get(WireEncoding.PCM_I16).downBytesPerSecond())
        .isBetween(32_000.0, 38_000.0);
  }

  @Test
  void measure_g711_costsBetweenAQuarterAndAThirdOfF32_bothWays() {
    double f32Up = rows.get(WireEncoding.PCM_F32).upBytesPerSecond();
    double f32Down = rows.get(WireEncoding.PCM_F32).downBytesPerSecond();
    for (WireEncoding law : List.of(WireEncoding.MU_LAW, WireEncoding.A_LAW)) {
      assertThat(rows.get(law).upBytesPerSecond()).as("%s up", law)
          .isBetween(f32Up / 4, f32Up / 3);
      assertThat(rows.get(law).downBytesPerSecond()).as("%s down", law)
          .isBetween(f32Down / 4, f32Down / 3);
    }
  }

  @Test
  void measure_opus_costsFarLessThanG711_andLessAtALowerBitrate() {
    BandwidthRow muLaw = rows.get(WireEncoding.MU_LAW);
    BandwidthRow opus24 = rows.get(WireEncoding.OPUS_24K);
    BandwidthRow opus12 = rows.get(WireEncoding.OPUS_12K);
    assertThat(opus24.upBytesPerSecond()).isLessThan(muLaw.upBytesPerSecond() / 3);
    assertThat(opus24.downBytesPerSecond()).isLessThan(muLaw.downBytesPerSecond() / 3);
    assertThat(opus12.upBytesPerSecond()).isLessThan(opus24.upBytesPerSecond());
    assertThat(opus12.downBytesPerSecond()).isLessThan(opus24.downBytesPerSecond());
  }
}
