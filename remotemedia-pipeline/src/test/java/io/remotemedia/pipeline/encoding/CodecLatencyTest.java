package io.remotemedia.pipeline.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.TestSignals;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.PipelineException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the latency figures against a measurement: a sweep coded and decoded through Concentus,
 * and the lag at which the decoded audio best matches the input.
 */
class CodecLatencyTest {
  private static final int HIGH_BITRATE_BPS = 128_000;

  /** The lag, in frames, at which {@code decoded} best matches {@code input}. */
  private static int measuredDelayFrames(float[] input, float[] decoded, int maxLag) {
    int best = -1;
    double bestScore = Double.NEGATIVE_INFINITY;
    for (int lag = 0; lag <= maxLag; lag++) {
      double dot = 0;
      double energy = 0;
      for (int i = 0; i + lag < decoded.length && i < input.length; i++) {
        dot += input[i] * decoded[i + lag];
        energy += decoded[i + lag] * decoded[i + lag];
      }
      double score = dot / Math.sqrt(energy + 1e-12);
      if (score > bestScore) {
        bestScore = score;
        best = lag;
      }
    }
    return best;
  }

  private static AudioBuffer sweep(int rateHz) {
    return AudioBuffer.of(AudioFormat.f32(rateHz, 1),
        TestSignals.sweep(100, rateHz * 0.4, 0.5, rateHz, rateHz / 2));
  }

  @ParameterizedTest
  @ValueSource(ints = {8000, 16000, 48000})
  void forEncoder_opusPackets_delayIsTheMeasuredLagOfEncodeThenDecode(int rateHz) {
    AudioBuffer input = sweep(rateHz);
    OutputEncoding encoding = new OutputEncoding(AudioEncoding.OPUS_PACKETS, HIGH_BITRATE_BPS,
        20);

    EncodedAudio coded = EncodedAudioCodec.encode(input, encoding, "sweep");
    float[] decoded = EncodedAudioCodec.decode(coded, SampleFormat.I16, "sweep").samples();
    CodecLatency latency = CodecLatency.forEncoder(input.format(), encoding, "out");

    int measured = measuredDelayFrames(input.samples(), decoded, rateHz / 50);
    assertThat(latency.delayFrames()).isEqualTo(measured);
    // libopus's OPUS_GET_LOOKAHEAD: Fs/400 + Fs/250 (2.5 ms + 4 ms of delay compensation).
    assertThat(measured).isEqualTo(rateHz * 65 / 10_000);
    assertThat(latency.latencyMs()).isCloseTo(20 + measured * 1000.0 / rateHz, within(1e-9));
  }

  @Test
  void forEncoder_oggOpus_hasNoDelayBecauseThePreSkipIsDropped() {
    AudioBuffer input = sweep(48000);
    OutputEncoding encoding = new OutputEncoding(AudioEncoding.OGG_OPUS, HIGH_BITRATE_BPS, 20);

    EncodedAudio coded = EncodedAudioCodec.encode(input, encoding, "sweep");
    float[] decoded = EncodedAudioCodec.decode(coded, SampleFormat.I16, "sweep").samples();
    CodecLatency latency = CodecLatency.forEncoder(input.format(), encoding, "out");

    assertThat(measuredDelayFrames(input.samples(), decoded, 960)).isZero();
    assertThat(latency.delayFrames()).isZero();
    // The frame and the look-ahead still pass before the first sample can come out.
    assertThat(latency.latencyMs()).isCloseTo(26.5, within(1e-9));
  }

  @Test
  void forDecoder_opusPackets_countsThePacketDurationAndTheSendersLookahead() {
    CodecLatency latency = CodecLatency.forDecoder(AudioFormat.f32(16000, 1),
        new InputEncoding(AudioEncoding.OPUS_PACKETS, 60_000), "inputs[\"in\"]");

    assertThat(latency.frameDurationUs()).isEqualTo(60_000);
    assertThat(latency.delayFrames()).isEqualTo(104);
    assertThat(latency.latencyMs()).isCloseTo(66.5, within(1e-9));
  }

  @Test
  void forDecoder_muLaw_hasNoLatency() {
    CodecLatency latency = CodecLatency.forDecoder(AudioFormat.f32(8000, 2),
        InputEncoding.of(AudioEncoding.MU_LAW), "inputs[\"in\"]");

    assertThat(latency.latencyMs()).isZero();
    assertThat(latency.delayFrames()).isZero();
  }

  @Test
  void forEncoder_opusAt44100_givesTheMessageCodingItGives() {
    AudioBuffer audio = AudioBuffer.of(AudioFormat.f32(44100, 1), new float[441]);
    OutputEncoding opus = OutputEncoding.of(AudioEncoding.OPUS_PACKETS);
    String coding = null;
    try {
      EncodedAudioCodec.encode(audio, opus, "output_encodings[\"out\"]");
    } catch (PipelineException e) {
      coding = e.getMessage();
    }

    assertThat(coding).contains("44100");
    assertThatThrownBy(() -> CodecLatency.forEncoder(audio.format(), opus,
        "output_encodings[\"out\"]"))
        .isInstanceOf(PipelineException.class)
        .hasMessage(coding)
        .extracting(e -> ((PipelineException) e).kind()).isEqualTo(ErrorKind.INVALID_AUDIO);
  }

  @Test
  void forEncoder_badFrameDuration_namesTheValue() {
    assertThatThrownBy(() -> CodecLatency.forEncoder(AudioFormat.f32(16000, 1),
        new OutputEncoding(AudioEncoding.OPUS_PACKETS, 24_000, 25), "output_encodings[\"o\"]"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("output_encodings[\"o\"]: cannot code 16000 Hz, 1 ch, F32 as OPUS_PACKETS:"
            + " the Opus frame duration must be 10, 20, 40 or 60 ms, was 25");
  }

  @Test
  void forEncoder_badBitRate_namesTheValueInTheUsersWords() {
    // Not the Java field's name: wire, CLI and SDK users each call it differently.
    assertThatThrownBy(() -> CodecLatency.forEncoder(AudioFormat.f32(16000, 1),
        new OutputEncoding(AudioEncoding.OPUS_PACKETS, 1_000, 20), "output_encodings[\"o\"]"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("output_encodings[\"o\"]: cannot code 16000 Hz, 1 ch, F32 as OPUS_PACKETS:"
            + " the Opus bit rate must be in [6000, 510000] bit/s, was 1000");
  }

  @Test
  void forDecoder_oggOpusAt16000_givesTheMessageDecodingGives() {
    assertThatThrownBy(() -> CodecLatency.forDecoder(AudioFormat.f32(16000, 1),
        InputEncoding.of(AudioEncoding.OGG_OPUS), "inputs[\"in\"]"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("inputs[\"in\"]: Ogg Opus decodes at 48000 Hz; sample_rate_hz says 16000");
  }

  @Test
  void forDecoder_opusPacketsAt22050_namesTheRate() {
    assertThatThrownBy(() -> CodecLatency.forDecoder(AudioFormat.f32(22050, 1),
        InputEncoding.of(AudioEncoding.OPUS_PACKETS), "inputs[\"in\"]"))
        .isInstanceOf(PipelineException.class)
        .hasMessageStartingWith("inputs[\"in\"]: Opus codes at 8000, 12000, 16000, 24000 or"
            + " 48000 Hz, not 22050 Hz");
  }

  @Test
  void forDecoder_packetDurationNotOfTwoAndAHalfMs_namesTheValue() {
    assertThatThrownBy(() -> CodecLatency.forDecoder(AudioFormat.f32(16000, 1),
        new InputEncoding(AudioEncoding.OPUS_PACKETS, 3000), "inputs[\"in\"]"))
        .isInstanceOf(PipelineException.class)
        .hasMessage("inputs[\"in\"]: packet_duration_us must be a multiple of 2500 up to"
            + " 120000, was 3000");
  }
}
