package io.remotemedia.pipeline.opus;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * An Ogg Opus stream open for decoding block by block, from {@link OggOpusReader#openBlocks}:
 * the samples of however long a file, with a page or two in memory at a time. The same rules as
 * {@link OggOpusReader#read}: each page's CRC is checked, the pre-skip dropped, the end trimmed
 * to the last page's granule position (the reader looks one page ahead to know the last page)
 * and the header's output gain applied. Not thread-safe.
 */
public final class OggOpusBlockReader implements Closeable {
  private static final int RATE_HZ = 48000;

  private final InputStream in;
  private final OggPacketReader pages;
  private final OpusHead head;
  private final OpusPacketDecoder decoder;
  private final long maxSamples;
  private final AudioFormat format;
  private final float gain;
  private final int[] length = new int[1];
  /** Decoded frames, counted from the stream's first: {@code pcm} holds [base, decoded). */
  private float[] pcm;
  private long base;
  private long decoded;
  /** Frames before this one are final: not on the last page, or before its granule position. */
  private long finished;
  /** The next frame to hand out; frames before it are read, or dropped as the pre-skip. */
  private long next;
  private boolean ended;
  private int packets;

  private OggOpusBlockReader(InputStream in, OggPacketReader pages, OpusHead head,
      long maxSamples) {
    this.in = in;
    this.pages = pages;
    this.head = head;
    this.maxSamples = maxSamples;
    this.decoder = new OpusPacketDecoder(RATE_HZ, head.channels());
    this.pcm = new float[2 * decoder.maxFramesPerPacket() * head.channels()];
    this.next = head.preSkip();
    // Concentus decodes to 16-bit PCM (as libopus's fixed-point build does): say so, so that
    // the samples leave a pipeline on the grid they came in on.
    this.format = new AudioFormat(RATE_HZ, head.channels(),
        head.outputGainQ8() == 0 ? SampleFormat.I16 : SampleFormat.F32);
    this.gain = head.gain();
  }

  /**
   * Reads the stream's headers, {@code OpusHead} and {@code OpusTags}.
   *
   * @param in the stream; closed by {@link #close()}
   * @param maxSamples the most samples (frames x channels) to decode; refused before they are
   * @param maxPacketBytes the largest Ogg packet read, in bytes; a larger one is refused
   */
  static OggOpusBlockReader open(InputStream in, long maxSamples, int maxPacketBytes)
      throws IOException {
    OggPacketReader pages = new OggPacketReader(in, maxPacketBytes);
    int[] length = new int[1];
    byte[] first = pages.next(length);
    if (first == null) {
      throw new OpusFormatException("not an Ogg Opus file: no Ogg pages", 0);
    }
    OpusHead head = OpusHead.parse(first, length[0], pages.pageOffset());
    byte[] tags = pages.next(length);
    if (tags == null || !OpusHead.startsWith(tags, length[0], "OpusTags")) {
      throw new OpusFormatException("Ogg Opus file has no OpusTags packet after OpusHead"
          + " (page 1 at byte " + pages.pageOffset() + ")", pages.pageOffset());
    }
    return new OggOpusBlockReader(in, pages, head, maxSamples);
  }

  /**
   * {@return the samples' format: 48 kHz, the header's channels, 16-bit where the header has no
   * output gain and float where it has}
   */
  public AudioFormat format() {
    return format;
  }

  /** {@return the rate before encoding, as the header states it; 0 when unspecified} */
  public long inputSampleRateHz() {
    return head.inputRateHz();
  }

  /** {@return the frames at 48 kHz that the header says to drop at the start} */
  public int preSkipFrames() {
    return head.preSkip();
  }

  /** {@return the audio packets decoded so far; all of them once a read returned 0} */
  public int packetCount() {
    return packets;
  }

  /**
   * Decodes the next frames into {@code samples}, interleaved, from index 0.
   *
   * @param samples where the samples go; at least {@code maxFrames} times the channel count
   * @param maxFrames the most frames to decode, 1 or more
   * @return the frames decoded, fewer than {@code maxFrames} only at the end; 0 at the end
   * @throws OpusFormatException if a page or a packet is damaged; the message names the packet,
   *     the page and its byte offset
   * @throws PipelineException RESOURCE_LIMIT ({@value OggOpusReader#MAX_DECODED_SAMPLES_LIMIT})
   *     if the stream decodes to more samples than the reader's limit
   * @throws IOException if the stream fails
   * @throws IllegalArgumentException if {@code maxFrames} is not positive or does not fit
   */
  public int read(float[] samples, int maxFrames) throws IOException {
    Objects.requireNonNull(samples, "samples");
    int channels = format.channelCount();
    if (maxFrames < 1 || (long) maxFrames * channels > samples.length) {
      throw new IllegalArgumentException("maxFrames must be in [1, " + samples.length
          / channels + "] for an array of " + samples.length + " samples, was " + maxFrames);
    }
    return read(samples, 0, maxFrames);
  }

  /** {@link #read(float[], int)} into {@code samples} from frame {@code offset}. */
  int read(float[] samples, int offset, int maxFrames) throws IOException {
    int channels = format.channelCount();
    int frames = 0;
    while (frames < maxFrames) {
      while (finished <= next && !ended) {
        decodeNext();
      }
      if (finished <= next) {
        break;
      }
      int count = (int) Math.min(maxFrames - frames, finished - next);
      int from = (int) (next - base) * channels;
      int to = (offset + frames) * channels;
      if (head.outputGainQ8() == 0) {
        System.arraycopy(pcm, from, samples, to, count * channels);
      } else {
        for (int i = 0; i < count * channels; i++) {
          samples[to + i] = pcm[from + i] * gain;
        }
      }
      frames += count;
      next += count;
    }
    return frames;
  }

  private void decodeNext() throws IOException {
    byte[] packet = pages.next(length);
    if (packet == null) {
      ended = true;
      return;
    }
    int channels = format.channelCount();
    long needed = (decoded + decoder.maxFramesPerPacket()) * channels;
    if (needed > maxSamples) {
      throw PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "Ogg Opus audio decodes to"
              + " more than the limit of " + maxSamples + " samples (stopped at audio packet "
              + packets + " on page " + pages.pageIndex() + ", at byte " + pages.pageOffset()
              + ", after " + decoded + " frames of " + channels + " channels)")
          .limit(new LimitViolation(OggOpusReader.MAX_DECODED_SAMPLES_LIMIT, maxSamples,
              needed))
          .build();
    }
    makeRoom(decoder.maxFramesPerPacket());
    try {
      decoded += decoder.decode(packet, 0, length[0], pcm, (int) (decoded - base) * channels);
    } catch (OpusFormatException e) {
      throw new OpusFormatException("Ogg Opus audio packet " + packets + " on page "
          + pages.pageIndex() + " (page at byte " + pages.pageOffset() + "): "
          + e.getMessage(), pages.pageOffset());
    }
    packets++;
    // Decoded frame i has granule position i + 1: the last page's granule is where the audio
    // ends, counted, like the pre-skip, from the first decoded frame.
    long granule = pages.onLastPage() ? pages.granule() : -1;
    if (granule >= 0 && granule < finished) {
      // Earlier pages' audio is final once read: an end before it is a damaged file, which
      // libopusfile refuses too (OP_EBADTIMESTAMP).
      throw new OpusFormatException("Ogg page " + pages.pageIndex() + " at byte "
          + pages.pageOffset() + " is the last, and its granule position " + granule
          + " ends the audio before frame " + finished + ", where the pages before it end;"
          + " the file is damaged", pages.pageOffset());
    }
    finished = granule >= 0 && granule < decoded ? Math.max(finished, granule) : decoded;
  }

  /** Makes room after the decoded frames for {@code frames} more, dropping those handed out. */
  private void makeRoom(int frames) {
    int channels = format.channelCount();
    long keep = Math.min(next, decoded);
    if ((decoded - base + frames) * channels > pcm.length && keep > base) {
      System.arraycopy(pcm, (int) (keep - base) * channels, pcm, 0,
          (int) (decoded - keep) * channels);
      base = keep;
    }
    long needed = (decoded - base + frames) * channels;
    if (needed > pcm.length) {
      pcm = Arrays.copyOf(pcm, (int) Math.max(2L * pcm.length, needed));
    }
  }

  /** Closes the stream. */
  @Override
  public void close() throws IOException {
    in.close();
  }
}
