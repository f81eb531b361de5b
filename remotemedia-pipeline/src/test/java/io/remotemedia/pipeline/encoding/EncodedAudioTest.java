package io.remotemedia.pipeline.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EncodedAudioTest {
  @Test
  void constructor_packetLengthsOnG711_refusedNamingTheFieldAndTheEncoding() {
    // A server refuses packet_lengths on G.711 audio; a local run ignored them.
    assertThatThrownBy(() -> new EncodedAudio(AudioEncoding.MU_LAW, new byte[320],
        /* sampleRateHz= */ 8000, /* channelCount= */ 1, new int[] {160, 160}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("packetLengths has 2 entries, but encoding is MU_LAW; packetLengths is for"
            + " OPUS_PACKETS: use EncodedAudio.opusPackets, or leave packetLengths empty");
  }

  @Test
  void constructor_packetLengthsOnOggOpus_refused() {
    assertThatThrownBy(() -> new EncodedAudio(AudioEncoding.OGG_OPUS, new byte[10],
        /* sampleRateHz= */ 48000, /* channelCount= */ 1, new int[] {10}, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("but encoding is OGG_OPUS");
  }

  @Test
  void opusPackets_keepsItsPacketLengths() {
    EncodedAudio packets = EncodedAudio.opusPackets(new byte[5], new int[] {3, 0, 2},
        /* packetDurationUs= */ 20_000, /* sampleRateHz= */ 48000, /* channelCount= */ 1);

    assertThat(packets.packetLengths()).containsExactly(3, 0, 2);
  }
}
