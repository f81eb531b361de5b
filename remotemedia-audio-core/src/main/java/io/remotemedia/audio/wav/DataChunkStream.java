package io.remotemedia.audio.wav;

import java.io.IOException;

/**
 * Decodes the body of a data chunk block by block, including one whose size a streaming writer
 * left as a placeholder. The rules are {@link DataChunkReader}'s: 0 means "until the end of the
 * input" unless a chunk follows (then the chunk is empty), {@value
 * DataChunkReader#MIN_PLACEHOLDER_BYTES} bytes or more means "until the end of the input" when
 * the input ends first, any other size is the real size and an input that ends before it is
 * truncated. A trailing partial frame is dropped. One instance per data chunk, not thread-safe.
 */
final class DataChunkStream {
  private static final int CHUNK_HEADER_BYTES = 8;

  private final CountingInput in;
  private final long chunkOffset;
  private final long declaredBytes;
  private final boolean placeholder;
  private final long capBytes;
  private final int channels;
  private final int frameBytes;
  private final WavSampleEncoding encoding;
  private byte[] block;
  /** Bytes at the start of {@link #block} read from the input but not yet decoded. */
  private int pending;
  /** Bytes decoded or dropped: the data read so far, less {@link #pending}. */
  private long consumed;
  private boolean ended;

  /**
   * @param in the input, just after the data chunk's 8-byte header
   * @param chunkOffset the byte offset of the data chunk's header, for messages
   * @param declaredBytes the chunk's size field, 0 to {@code 0xFFFFFFFF}
   * @param maxBytes the most bytes to read for a placeholder size; the stream ends there
   * @param channels the channel count, 1 or more
   * @param encoding the sample encoding
   */
  DataChunkStream(CountingInput in, long chunkOffset, long declaredBytes, long maxBytes,
      int channels, WavSampleEncoding encoding) {
    this.in = in;
    this.chunkOffset = chunkOffset;
    this.declaredBytes = declaredBytes;
    this.placeholder = isPlaceholder(declaredBytes);
    this.capBytes = placeholder
        ? Math.min(declaredBytes == 0 ? Long.MAX_VALUE : declaredBytes, maxBytes)
        : declaredBytes;
    this.channels = channels;
    this.frameBytes = channels * encoding.bytesPerSample();
    this.encoding = encoding;
  }

  /** {@return whether {@code declaredBytes} is a size that streaming writers leave} */
  static boolean isPlaceholder(long declaredBytes) {
    return declaredBytes == 0 || declaredBytes >= DataChunkReader.MIN_PLACEHOLDER_BYTES;
  }

  /** {@return the most bytes of data this stream reads: the real size, or the cap} */
  long capBytes() {
    return capBytes;
  }

  /** {@return the data's bytes read so far, a dropped partial frame included} */
  long readBytes() {
    return consumed;
  }

  /**
   * Decodes up to {@code maxFrames} whole frames into {@code samples} from {@code offset}.
   *
   * @return the frames decoded; 0 only at the end of the data
   * @throws WavFormatException if a chunk with a real size ends early (truncated)
   * @throws IOException if the input fails
   */
  int read(float[] samples, int offset, int maxFrames) throws IOException {
    if (block == null) {
      start(maxFrames);
    }
    int frames = 0;
    while (!ended && frames < maxFrames && consumed < capBytes) {
      int wantedFrames = Math.min(maxFrames - frames, block.length / frameBytes);
      int wanted = (int) Math.min((long) wantedFrames * frameBytes, capBytes - consumed);
      int got = wanted <= pending ? wanted : pending + in.read(block, pending, wanted - pending);
      boolean shortRead = got < wanted;
      int blockFrames = got / frameBytes;
      WavSampleCodec.decode(block, 0, encoding, samples, offset + frames * channels,
          blockFrames * channels);
      frames += blockFrames;
      consumed += got;
      int left = pending - got;
      if (left > 0) {
        System.arraycopy(block, got, block, 0, left);
      }
      pending = Math.max(0, left);
      if (shortRead) {
        if (!placeholder) {
          throw WavReader.truncated("data", chunkOffset, declaredBytes, consumed);
        }
        ended = true;
      } else if (got % frameBytes != 0) {
        ended = true; // the data ends inside a frame, which is dropped
      }
    }
    return frames;
  }

  /** Sizes the block and, for a size of 0, looks at what follows: another chunk, or audio. */
  private void start(int maxFrames) throws IOException {
    int blockFrames = Math.max(1, Math.max(maxFrames, DataChunkReader.READ_BLOCK_BYTES
        / frameBytes));
    block = new byte[(int) Math.max(frameBytes,
        Math.min((long) blockFrames * frameBytes, Math.max(capBytes, 1)))];
    if (declaredBytes == 0) {
      int peek = (int) Math.min(CHUNK_HEADER_BYTES, Math.min(block.length, capBytes));
      pending = in.read(block, 0, peek);
      if (pending == CHUNK_HEADER_BYTES && startsLikeAChunk(block)) {
        pending = 0;
        ended = true; // an honestly empty data chunk; what follows is not audio
      }
    }
  }

  /** Whether {@code block} starts with a chunk id: four printable ASCII characters. */
  private static boolean startsLikeAChunk(byte[] block) {
    for (int i = 0; i < 4; i++) {
      if (block[i] < 0x20 || block[i] > 0x7E) {
        return false;
      }
    }
    return true;
  }
}
