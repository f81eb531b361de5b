package io.remotemedia.bench.codec;

import java.util.List;

/**
 * What one stream of one encoding cost on the wire. Bytes are gRPC message bytes: each
 * message's serialized size plus gRPC's 5-byte message prefix, which together are the payload
 * of the HTTP/2 DATA frames. The audio messages (a chunk up, its result down) are counted
 * apart from the once-per-stream ones (open and close up, ready and closed down), so that the
 * rates per second of audio do not depend on the length of the run.
 *
 * @param encoding the encoding both ways
 * @param audioSeconds the seconds of audio streamed
 * @param upAudioMessages the chunk messages sent (client to server)
 * @param upAudioBytes their bytes
 * @param upOnceBytes the bytes of the open and close messages
 * @param downAudioMessages the result messages received (server to client)
 * @param downAudioBytes their bytes
 * @param downOnceBytes the bytes of the ready and closed messages
 */
record BandwidthRow(WireEncoding encoding, double audioSeconds, long upAudioMessages,
    long upAudioBytes, long upOnceBytes, long downAudioMessages, long downAudioBytes,
    long downOnceBytes) {
  /** gRPC's length-prefixed message framing: 1 flag byte and a 4-byte length. */
  static final int GRPC_PREFIX_BYTES = 5;
  /** An HTTP/2 frame header (RFC 9113 section 4.1). */
  static final int HTTP2_FRAME_HEADER_BYTES = 9;
  /** IPv4 (20) and TCP (20) headers with the timestamp option (12) Linux sends by default. */
  static final int TCP_IPV4_HEADER_BYTES = 52;

  /**
   * {@return the row of one stream whose first and last messages each way are the
   * once-per-stream ones and whose others carry one chunk or one result each}
   *
   * @param encoding the encoding both ways
   * @param audioSeconds the seconds of audio streamed
   * @param chunks the chunks sent
   * @param sizes the stream's message sizes
   * @throws IllegalStateException if the stream did not have one message per chunk each way
   *     besides the once-per-stream ones
   */
  static BandwidthRow of(WireEncoding encoding, double audioSeconds, int chunks,
      MessageSizes sizes) {
    List<Long> up = sizes.outbound();
    List<Long> down = sizes.inbound();
    if (up.size() != chunks + 2 || down.size() != chunks + 2) {
      throw new IllegalStateException(encoding + ": expected " + (chunks + 2)
          + " messages each way (open or ready, one per chunk, close or closed), got "
          + up.size() + " up and " + down.size() + " down");
    }
    return new BandwidthRow(encoding, audioSeconds, chunks, framed(up.subList(1, chunks + 1)),
        framed(List.of(up.get(0), up.get(chunks + 1))), chunks,
        framed(down.subList(1, chunks + 1)), framed(List.of(down.get(0), down.get(chunks + 1))));
  }

  private static long framed(List<Long> messageBytes) {
    return messageBytes.stream().mapToLong(b -> b + GRPC_PREFIX_BYTES).sum();
  }

  /** {@return client-to-server audio message bytes per second of audio} */
  double upBytesPerSecond() {
    return upAudioBytes / audioSeconds;
  }

  /** {@return server-to-client audio message bytes per second of audio} */
  double downBytesPerSecond() {
    return downAudioBytes / audioSeconds;
  }

  /** {@return client-to-server audio messages per second of audio} */
  double upMessagesPerSecond() {
    return upAudioMessages / audioSeconds;
  }

  /** {@return server-to-client audio messages per second of audio} */
  double downMessagesPerSecond() {
    return downAudioMessages / audioSeconds;
  }

  /**
   * {@return an estimate of the client-to-server IP bytes per second of audio: the audio
   * message bytes plus one HTTP/2 DATA frame header and one TCP/IPv4 header per message, as
   * when each chunk travels alone (a paced client); ACKs, WINDOW_UPDATE and PING frames,
   * Ethernet and TLS are not in it}
   */
  double upIpBytesPerSecondEstimate() {
    return upBytesPerSecond()
        + upMessagesPerSecond() * (HTTP2_FRAME_HEADER_BYTES + TCP_IPV4_HEADER_BYTES);
  }

  /** {@return the same estimate as {@link #upIpBytesPerSecondEstimate()}, server to client} */
  double downIpBytesPerSecondEstimate() {
    return downBytesPerSecond()
        + downMessagesPerSecond() * (HTTP2_FRAME_HEADER_BYTES + TCP_IPV4_HEADER_BYTES);
  }
}
