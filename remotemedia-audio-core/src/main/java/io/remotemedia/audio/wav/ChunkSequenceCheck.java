package io.remotemedia.audio.wav;

/**
 * Tells whether a run of bytes, fed block by block, is a whole sequence of RIFF chunks: each a
 * text id, a 32-bit size and that many bytes (plus the pad byte after an odd size, which may be
 * missing at the very end). {@link DataChunkReader} uses it to tell an honestly empty data
 * chunk followed by more chunks ({@code LIST}, {@code id3 }) from a data chunk whose size was
 * left as 0 by a streaming writer and which is followed by audio.
 *
 * <p>Keeps no reference to the blocks, allocates only its 8-byte header buffer, and trusts no
 * size: a size only moves the position where the next header is expected. One instance per
 * read, not thread-safe.
 */
final class ChunkSequenceCheck {
  private final byte[] header = new byte[8];
  private int headerBytes;
  /** Bytes of the current chunk's body and pad still to come. */
  private long bodyBytesLeft;
  private boolean padPending;
  private boolean chunkSeen;
  private boolean broken;

  /** Takes the next {@code length} bytes of the run. */
  void accept(byte[] block, int from, int length) {
    int i = from;
    int end = from + length;
    while (i < end && !broken) {
      if (bodyBytesLeft > 0) {
        int n = (int) Math.min(bodyBytesLeft, end - i);
        bodyBytesLeft -= n;
        i += n;
        continue;
      }
      header[headerBytes++] = block[i++];
      if (headerBytes == header.length) {
        headerBytes = 0;
        startChunk();
      }
    }
  }

  /** {@return true if the bytes so far are one or more whole chunks, and nothing else} */
  boolean isWholeChunks() {
    boolean ended = bodyBytesLeft == 0 || (bodyBytesLeft == 1 && padPending);
    return chunkSeen && !broken && headerBytes == 0 && ended;
  }

  private void startChunk() {
    for (int k = 0; k < 4; k++) {
      if (header[k] < 0x20 || header[k] > 0x7E) {
        broken = true;
        return;
      }
    }
    long size = (header[4] & 0xFF) | (header[5] & 0xFF) << 8 | (header[6] & 0xFF) << 16
        | (long) (header[7] & 0xFF) << 24;
    padPending = (size & 1) == 1;
    bodyBytesLeft = size + (size & 1);
    chunkSeen = true;
  }
}
