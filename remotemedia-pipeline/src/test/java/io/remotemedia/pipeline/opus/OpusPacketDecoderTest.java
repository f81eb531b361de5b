package io.remotemedia.pipeline.opus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.TestSignals;
import org.junit.jupiter.api.Test;

class OpusPacketDecoderTest {
  private static byte[][] encodeSine(int packets) {
    OpusPacketEncoder encoder = new OpusPacketEncoder(16000, 1, 20, 24000);
    float[] sine = TestSignals.sine(300, 0.5, 16000, packets * 320);
    byte[][] out = new byte[packets][];
    byte[] packet = new byte[OpusPacketEncoder.MAX_PACKET_BYTES];
    for (int i = 0; i < packets; i++) {
      int n = encoder.encode(sine, i * 320, packet, 0);
      out[i] = java.util.Arrays.copyOf(packet, n);
    }
    return out;
  }

  private static double energy(float[] x, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += (double) x[i] * x[i];
    }
    return sum / (to - from);
  }

  @Test
  void conceal_aMissingPacket_continuesTheToneAndCountsIt() throws Exception {
    byte[][] packets = encodeSine(10);
    OpusPacketDecoder decoder = new OpusPacketDecoder(16000, 1);
    float[] out = new float[decoder.maxFramesPerPacket()];
    for (int i = 0; i < 5; i++) {
      assertThat(decoder.decode(packets[i], 0, packets[i].length, out, 0)).isEqualTo(320);
    }
    double before = energy(out, 0, 320);

    int frames = decoder.conceal(320, out, 0);

    assertThat(frames).isEqualTo(320);
    assertThat(decoder.concealedPacketCount()).isEqualTo(1);
    // Concealment extrapolates the 300 Hz tone rather than going silent.
    assertThat(energy(out, 0, 320)).isGreaterThan(before / 10);
    assertThat(decoder.decode(packets[6], 0, packets[6].length, out, 0)).isEqualTo(320);
  }

  @Test
  void decode_emptyOrMalformedPacket_namesTheOffset() {
    OpusPacketDecoder decoder = new OpusPacketDecoder(48000, 2);
    float[] out = new float[2 * decoder.maxFramesPerPacket()];
    byte[] chunk = {0, 0, 0, 0x03, 0x00};

    assertThatThrownBy(() -> decoder.decode(chunk, 3, 2, out, 0))
        .isInstanceOf(OpusFormatException.class)
        .hasMessageStartingWith("malformed Opus packet of 2 bytes")
        .extracting(e -> ((OpusFormatException) e).byteOffset()).isEqualTo(3L);
    assertThatThrownBy(() -> decoder.decode(chunk, 0, 0, out, 0))
        .isInstanceOf(OpusFormatException.class);
  }

  @Test
  void decode_randomBytes_eitherDecodesOrThrowsOpusFormatException() {
    java.util.Random random = new java.util.Random(14);
    OpusPacketDecoder decoder = new OpusPacketDecoder(48000, 1);
    float[] out = new float[decoder.maxFramesPerPacket()];
    int rejected = 0;
    for (int i = 0; i < 300; i++) {
      byte[] packet = new byte[1 + random.nextInt(200)];
      random.nextBytes(packet);
      try {
        decoder.decode(packet, 0, packet.length, out, 0);
      } catch (OpusFormatException e) {
        rejected++;
      }
    }
    assertThat(rejected).isPositive();
  }

  @Test
  void constructor_unsupportedRate_namesTheRatesOpusAccepts() {
    assertThatThrownBy(() -> new OpusPacketDecoder(44100, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Opus codes at 8000, 12000, 16000, 24000 or 48000 Hz, not 44100 Hz;"
            + " resample first");
  }
}
