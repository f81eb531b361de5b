package io.remotemedia.proto.internal.marshal;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import com.google.protobuf.WireFormat;
import io.grpc.Drainable;
import io.grpc.KnownLength;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.pcm.PcmCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * A message with a map of audio ({@code map<string, AudioBuffer>}) whose PCM samples are
 * written from the floats straight into the serialized message, instead of being encoded
 * into a byte array that protobuf then copies out again.
 *
 * <p>The message is given in three parts, because protobuf writes fields in field-number
 * order: {@code head} (the fields numbered below the audio map), the map's entries, and {@code
 * tail} (the fields above it). An entry whose id is in {@code pcm} carries every field but
 * {@code samples} (field 1, written first), which come from the floats, encoded as the
 * entry's format says; other entries are written as they are. The bytes are those protobuf
 * would write for the whole message with the samples encoded (a test compares them), and
 * {@link #message()} is the message as sent: a reader that gets it without the samples finds
 * a frame count that disagrees with its bytes, never silent silence.
 *
 * <pre>{@code
 * PcmMessage pcm = PcmMessage.of(response, head, 1, response.getAudioOutputsMap(), audio, tail);
 * InputStream serialized = pcm.stream();   // io.grpc.Drainable and KnownLength
 * }</pre>
 *
 * <p>Immutable once built; the floats must not change until the message is written.
 *
 * @param <T> the message type
 */
public final class PcmMessage<T extends MessageLite> {
  /**
   * Samples encoded per write: 4 KiB of F32, the size of protobuf's own output buffer. The
   * scratch and that buffer are the only allocations per message.
   */
  private static final int CHUNK_SAMPLES = 1024;
  private static final int SAMPLES_FIELD = 1;
  private static final int KEY_FIELD = 1;
  private static final int VALUE_FIELD = 2;

  private final T message;
  private final MessageLite head;
  private final int audioField;
  private final Map<String, ? extends MessageLite> entries;
  private final Map<String, AudioBuffer> pcm;
  private final MessageLite tail;
  private final int serializedSize;

  private PcmMessage(T message, MessageLite head, int audioField,
      Map<String, ? extends MessageLite> entries, Map<String, AudioBuffer> pcm,
      MessageLite tail) {
    this.message = message;
    this.head = head;
    this.audioField = audioField;
    this.entries = entries;
    this.pcm = pcm;
    this.tail = tail;
    long size = (long) head.getSerializedSize() + tail.getSerializedSize();
    for (Map.Entry<String, ? extends MessageLite> entry : entries.entrySet()) {
      int entrySize = entrySize(entry.getKey(), entry.getValue());
      size += CodedOutputStream.computeTagSize(audioField)
          + CodedOutputStream.computeUInt32SizeNoTag(entrySize) + entrySize;
    }
    if (size > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("the message would take " + size
          + " bytes, over protobuf's limit of " + Integer.MAX_VALUE);
    }
    this.serializedSize = (int) size;
  }

  /**
   * Describes a message to write.
   *
   * @param message the message as sent, whose PCM entries lack their samples
   * @param head the message's fields numbered below {@code audioField}, alone
   * @param audioField the field number of the audio map
   * @param entries the audio map's entries in the message's order; kept, not copied
   * @param pcm the floats of the entries written from floats, by id; the entries of these
   *     ids must have no samples
   * @param tail the message's fields numbered above {@code audioField}, alone
   * @param <T> the message type
   * @return the description
   */
  public static <T extends MessageLite> PcmMessage<T> of(T message, MessageLite head,
      int audioField, Map<String, ? extends MessageLite> entries, Map<String, AudioBuffer> pcm,
      MessageLite tail) {
    return new PcmMessage<>(message, head, audioField, entries, Map.copyOf(pcm), tail);
  }

  /**
   * A message written as protobuf writes it, with no audio from floats.
   *
   * @param message the message
   * @param <T> the message type
   * @return the description
   */
  public static <T extends MessageLite> PcmMessage<T> whole(T message) {
    return new PcmMessage<>(message, message, /* audioField= */ 1, Map.of(), Map.of(),
        message.getDefaultInstanceForType());
  }

  /** {@return the message as sent: its PCM entries lack their samples} */
  public T message() {
    return message;
  }

  /** {@return the size of the serialized message, in bytes} */
  public int serializedSize() {
    return serializedSize;
  }

  /**
   * {@return the serialized message as grpc-java takes it: drained into the transport's
   * output, or read} Each call gives a new stream.
   */
  public InputStream stream() {
    return new Serialized();
  }

  /**
   * Writes the serialized message.
   *
   * @param out where to write; not closed
   * @throws IOException if {@code out} fails
   */
  public void writeTo(OutputStream out) throws IOException {
    CodedOutputStream coded = CodedOutputStream.newInstance(out,
        Math.max(1, Math.min(serializedSize, CodedOutputStream.DEFAULT_BUFFER_SIZE)));
    head.writeTo(coded);
    ByteBuffer scratch = null;
    for (Map.Entry<String, ? extends MessageLite> entry : entries.entrySet()) {
      MessageLite value = entry.getValue();
      coded.writeTag(audioField, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      coded.writeUInt32NoTag(entrySize(entry.getKey(), value));
      coded.writeString(KEY_FIELD, entry.getKey());
      coded.writeTag(VALUE_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
      coded.writeUInt32NoTag(valueSize(entry.getKey(), value));
      AudioBuffer audio = pcm.get(entry.getKey());
      if (audio != null && audio.sampleCount() > 0) {
        if (scratch == null) {
          scratch = ByteBuffer.allocate(CHUNK_SAMPLES * 4).order(ByteOrder.LITTLE_ENDIAN);
        }
        writeSamples(coded, out, audio, scratch);
      }
      value.writeTo(coded);
    }
    tail.writeTo(coded);
    coded.flush();
  }

  /**
   * Writes the samples field: its tag and length through {@code coded}, then the samples from
   * {@code scratch} straight to {@code out}, after flushing {@code coded}: written through
   * {@code coded} they would be copied once more, into its buffer.
   */
  private static void writeSamples(CodedOutputStream coded, OutputStream out, AudioBuffer audio,
      ByteBuffer scratch) throws IOException {
    int bytesPerSample = audio.format().sampleFormat().bytesPerSample();
    coded.writeTag(SAMPLES_FIELD, WireFormat.WIRETYPE_LENGTH_DELIMITED);
    coded.writeUInt32NoTag(audio.sampleCount() * bytesPerSample);
    coded.flush();
    float[] samples = audio.samples();
    for (int from = 0; from < audio.sampleCount(); from += CHUNK_SAMPLES) {
      int count = Math.min(CHUNK_SAMPLES, audio.sampleCount() - from);
      scratch.clear();
      PcmCodec.encode(samples, from, count, audio.format().sampleFormat(), scratch);
      out.write(scratch.array(), 0, scratch.position());
    }
  }

  private int entrySize(String key, MessageLite value) {
    int valueSize = valueSize(key, value);
    return CodedOutputStream.computeStringSize(KEY_FIELD, key)
        + CodedOutputStream.computeTagSize(VALUE_FIELD)
        + CodedOutputStream.computeUInt32SizeNoTag(valueSize) + valueSize;
  }

  private int valueSize(String key, MessageLite value) {
    AudioBuffer audio = pcm.get(key);
    int size = value.getSerializedSize();
    if (audio == null || audio.sampleCount() == 0) {
      return size;
    }
    int sampleBytes = audio.sampleCount() * audio.format().sampleFormat().bytesPerSample();
    return size + CodedOutputStream.computeTagSize(SAMPLES_FIELD)
        + CodedOutputStream.computeUInt32SizeNoTag(sampleBytes) + sampleBytes;
  }

  /**
   * The serialized message as a stream: grpc-java drains it into its own buffers; anything
   * that reads it instead (the in-process transport) gets a copy made on the first read.
   */
  private final class Serialized extends InputStream implements Drainable, KnownLength {
    private InputStream copy;
    private boolean drained;

    @Override
    public int drainTo(OutputStream target) throws IOException {
      if (copy != null) {
        return (int) copy.transferTo(target);
      }
      if (drained) {
        return 0;
      }
      drained = true;
      writeTo(target);
      return serializedSize;
    }

    @Override
    public int available() throws IOException {
      return copy != null ? copy.available() : drained ? 0 : serializedSize;
    }

    @Override
    public int read() throws IOException {
      return copy().read();
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
      return copy().read(bytes, offset, length);
    }

    private InputStream copy() throws IOException {
      if (copy == null) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(drained ? 0 : serializedSize);
        if (!drained) {
          drained = true;
          writeTo(bytes);
        }
        copy = new ByteArrayInputStream(bytes.toByteArray());
      }
      return copy;
    }
  }
}
