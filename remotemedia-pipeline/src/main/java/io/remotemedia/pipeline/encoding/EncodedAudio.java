package io.remotemedia.pipeline.encoding;

import java.util.Objects;

/**
 * Coded audio bytes and what is needed to decode them.
 *
 * <pre>{@code
 * EncodedAudio telephony = EncodedAudio.g711(AudioEncoding.MU_LAW, codes, 8000, 1);
 * EncodedAudio file = EncodedAudio.oggOpus(Files.readAllBytes(Path.of("speech.opus")), 1);
 * }</pre>
 *
 * <p>Immutable by convention: the arrays are not copied, and the caller must not change them
 * afterwards. Equality compares the arrays by reference, as records do.
 *
 * @param encoding how {@code bytes} is coded; never {@link AudioEncoding#PCM}
 * @param bytes the coded bytes
 * @param sampleRateHz the rate of the decoded audio (48000 for Ogg Opus)
 * @param channelCount the channels of the decoded audio
 * @param packetLengths for {@link AudioEncoding#OPUS_PACKETS}: each packet's length in bytes,
 *     in order, 0 for a lost packet; empty otherwise
 * @param packetDurationUs for {@link AudioEncoding#OPUS_PACKETS}: each packet's duration in
 *     microseconds (needed to conceal a lost packet); 0 otherwise or when no packet is lost
 */
public record EncodedAudio(AudioEncoding encoding, byte[] bytes, int sampleRateHz,
    int channelCount, int[] packetLengths, int packetDurationUs) {
  /**
   * Checks the fields.
   *
   * @param encoding how {@code bytes} is coded; never {@link AudioEncoding#PCM}
   * @param bytes the coded bytes
   * @param sampleRateHz the rate of the decoded audio (48000 for Ogg Opus)
   * @param channelCount the channels of the decoded audio
   * @param packetLengths for {@link AudioEncoding#OPUS_PACKETS}: each packet's length in bytes,
   *     in order, 0 for a lost packet; empty otherwise
   * @param packetDurationUs for {@link AudioEncoding#OPUS_PACKETS}: each packet's duration in
   *     microseconds (needed to conceal a lost packet); 0 otherwise or when no packet is lost
   * @throws NullPointerException if a field is null
   * @throws IllegalArgumentException if the encoding is PCM, or packet lengths are given for
   *     another encoding than Opus packets (a server refuses them, and a local run would
   *     ignore them)
   */
  public EncodedAudio {
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(packetLengths, "packetLengths");
    if (encoding == AudioEncoding.PCM) {
      throw new IllegalArgumentException("EncodedAudio holds coded audio; PCM travels as an"
          + " AudioBuffer");
    }
    if (packetLengths.length > 0 && encoding != AudioEncoding.OPUS_PACKETS) {
      throw new IllegalArgumentException("packetLengths has " + packetLengths.length
          + " entries, but encoding is " + encoding + "; packetLengths is for OPUS_PACKETS: use"
          + " EncodedAudio.opusPackets, or leave packetLengths empty");
    }
  }

  /**
   * G.711 codes, one byte per sample, interleaved.
   *
   * @param law {@link AudioEncoding#MU_LAW} or {@link AudioEncoding#A_LAW}
   * @param codes the codes
   * @param sampleRateHz the sample rate
   * @param channelCount the channels
   * @return the encoded audio
   */
  public static EncodedAudio g711(AudioEncoding law, byte[] codes, int sampleRateHz,
      int channelCount) {
    return new EncodedAudio(law, codes, sampleRateHz, channelCount, new int[0], 0);
  }

  /**
   * A whole Ogg Opus file.
   *
   * @param file the file's bytes
   * @param channelCount the channels its header declares
   * @return the encoded audio, at 48 kHz
   */
  public static EncodedAudio oggOpus(byte[] file, int channelCount) {
    return new EncodedAudio(AudioEncoding.OGG_OPUS, file, 48000, channelCount, new int[0], 0);
  }

  /**
   * Raw Opus packets laid end to end.
   *
   * @param packets the packets, concatenated
   * @param packetLengths each packet's length, 0 for a lost one
   * @param packetDurationUs each packet's duration in microseconds
   * @param sampleRateHz the rate to decode at
   * @param channelCount the channels to decode to
   * @return the encoded audio
   */
  public static EncodedAudio opusPackets(byte[] packets, int[] packetLengths,
      int packetDurationUs, int sampleRateHz, int channelCount) {
    return new EncodedAudio(AudioEncoding.OPUS_PACKETS, packets, sampleRateHz, channelCount,
        packetLengths, packetDurationUs);
  }
}
