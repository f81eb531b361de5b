package io.remotemedia.audio.g711;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class G711LawTest {
  @Test
  void decode_muLawCodesFromTheG711Table_giveTheirLinearValues() {
    // ITU-T G.711 table 2: 0xFF and 0x7F are the two zeros, 0x80/0x00 the extremes.
    assertThat(G711Law.MU_LAW.decodeToPcm16((byte) 0xFF)).isEqualTo((short) 0);
    assertThat(G711Law.MU_LAW.decodeToPcm16((byte) 0x7F)).isEqualTo((short) 0);
    assertThat(G711Law.MU_LAW.decodeToPcm16((byte) 0x80)).isEqualTo((short) 32124);
    assertThat(G711Law.MU_LAW.decodeToPcm16((byte) 0x00)).isEqualTo((short) -32124);
    assertThat(G711Law.MU_LAW.decode((byte) 0x80)).isEqualTo(32124 / 32768f);
  }

  @Test
  void decode_aLawCodesFromTheG711Table_giveTheirLinearValues() {
    // ITU-T G.711 table 1: even bits are inverted, so 0xD5/0x55 are the smallest steps.
    assertThat(G711Law.A_LAW.decodeToPcm16((byte) 0xD5)).isEqualTo((short) 8);
    assertThat(G711Law.A_LAW.decodeToPcm16((byte) 0x55)).isEqualTo((short) -8);
    assertThat(G711Law.A_LAW.decodeToPcm16((byte) 0xAA)).isEqualTo((short) 32256);
    assertThat(G711Law.A_LAW.decodeToPcm16((byte) 0x2A)).isEqualTo((short) -32256);
  }

  @ParameterizedTest
  @EnumSource(G711Law.class)
  void encode_ofEveryDecodedValue_givesBackItsCode(G711Law law) {
    for (int code = 0; code < 256; code++) {
      byte reencoded = law.encode(law.decode((byte) code));
      if (law == G711Law.MU_LAW && code == 0x7F) {
        assertThat(reencoded).as("negative zero").isEqualTo((byte) 0xFF);
      } else {
        assertThat(reencoded).as("code 0x%02X", code).isEqualTo((byte) code);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(G711Law.class)
  void decodeOfEncode_isMonotonicAndWithinHalfASegmentStep(G711Law law) {
    float previous = -2;
    for (int v = -32768; v <= 32767; v += 7) {
      float x = v / 32768f;
      float y = law.decode(law.encode(x));
      assertThat(y).as("at %d", v).isGreaterThanOrEqualTo(previous);
      // The coarsest segment's step is 1024 (μ-law) or 1024 (A-law) in 16-bit units.
      assertThat(Math.abs(y - x)).as("at %d", v).isLessThanOrEqualTo(1024 / 32768f);
      previous = y;
    }
  }

  @ParameterizedTest
  @EnumSource(G711Law.class)
  void encode_outOfRangeAndNan_clipsAndCounts(G711Law law) {
    float[] in = {2f, -2f, Float.NaN, 0.5f, Float.POSITIVE_INFINITY};
    byte[] out = new byte[in.length];

    int clipped = law.encode(in, 0, out, 0, in.length);

    assertThat(clipped).isEqualTo(3);
    assertThat(law.decode(out[0])).isEqualTo(law.decode(law.encode(1f)));
    assertThat(law.decode(out[1])).isEqualTo(law.decode(law.encode(-1f)));
    assertThat(Math.abs(law.decode(out[2]))).isLessThanOrEqualTo(8 / 32768f);
  }

  @Test
  void encode_rangeOutsideTheArray_throws() {
    assertThatThrownBy(() -> G711Law.A_LAW.encode(new float[4], 2, new byte[4], 0, 3))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessageContaining("3 samples");
  }
}
