package io.remotemedia.proto.internal.marshal;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.UnsafeByteOperations;
import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Parses messages from grpc-java's message streams with aliasing on, so that their {@code
 * bytes} fields (the audio) are views of the bytes read, not copies of them.
 *
 * <p>grpc-java's protobuf marshaller reads a message into a heap array and then copies every
 * {@code bytes} field out of it. This parser, given a stream that grpc-java lets it detach
 * ({@link Detachable} and {@link HasByteBuffer}: Netty's buffers of the message), parses
 * straight from the transport's buffers: no heap copy of the message at all. The message is
 * then valid only while those buffers are: the returned {@link NetworkBuffers} lease keeps them,
 * and whoever holds the lease must release it exactly once (see there). Other streams (the
 * in-process transport, a decompressing stream), and a message with an empty buffer among its
 * buffers, are read once into one array of their known length, which the message's fields then
 * share; that message holds no lease ({@link NetworkBuffers#NONE}).
 *
 * <pre>{@code
 * AliasingParser<ExecuteResponse> parser =
 *     AliasingParser.of(ExecuteResponse.getDefaultInstance(), ExecuteResponse.class, 100);
 * AliasingParser.Parsed<ExecuteResponse> parsed = parser.parse(stream, true);
 * }</pre>
 *
 * <p>Thread-safe.
 *
 * @param <T> the message type
 */
public final class AliasingParser<T> {
  private final MessageLite prototype;
  private final Class<T> type;
  private final int recursionLimit;

  private AliasingParser(MessageLite prototype, Class<T> type, int recursionLimit) {
    this.prototype = prototype;
    this.type = type;
    this.recursionLimit = recursionLimit;
  }

  /**
   * A parser of one message type.
   *
   * @param prototype the type's default instance
   * @param type the message class
   * @param recursionLimit how deep messages may nest, in message levels
   * @param <T> the message type
   * @return the parser
   */
  public static <T> AliasingParser<T> of(MessageLite prototype, Class<T> type,
      int recursionLimit) {
    return new AliasingParser<>(prototype, type, recursionLimit);
  }

  /**
   * A parsed message and the lease on the buffers its {@code bytes} fields alias.
   *
   * @param message the message; read its {@code bytes} fields only under a claim of {@code
   *     buffers}
   * @param buffers the transport buffers the message aliases, or {@link NetworkBuffers#NONE}
   * @param <T> the message type
   */
  public record Parsed<T>(T message, NetworkBuffers buffers) {}

  /**
   * Parses one message. When it detaches the stream's buffers and parsing fails, it releases
   * them before it throws, so a caller has a lease to keep only when a message is returned.
   *
   * @param stream grpc-java's stream of the message
   * @param detach whether the message may alias the transport's buffers; pass true only if the
   *     returned lease will certainly be released or discarded
   * @return the message and its lease
   * @throws InvalidProtocolBufferException if the bytes are not a valid message, nest deeper
   *     than the limit or end with a stray end-group tag
   * @throws IOException if the stream cannot be read
   */
  public Parsed<T> parse(InputStream stream, boolean detach) throws IOException {
    if (detach && stream instanceof Detachable detachable && stream instanceof KnownLength
        && stream instanceof HasByteBuffer buffered && buffered.byteBufferSupported()) {
      InputStream detached = detachable.detach();
      NetworkBuffers buffers = NetworkBuffers.of(detached);
      boolean parsed = false;
      try {
        ByteString view = viewOf(detached);
        if (view == null) {
          T copied = parse(UnsafeByteOperations.unsafeWrap(readKnownLength(detached)));
          buffers.discard();
          parsed = true;
          return new Parsed<>(copied, NetworkBuffers.NONE);
        }
        T message = parse(view);
        parsed = true;
        return new Parsed<>(message, buffers);
      } finally {
        if (!parsed) {
          buffers.discard();
        }
      }
    }
    byte[] bytes = stream instanceof KnownLength ? readKnownLength(stream)
        : stream.readAllBytes();
    return new Parsed<>(parse(UnsafeByteOperations.unsafeWrap(bytes)), NetworkBuffers.NONE);
  }

  /**
   * Parses one message as views of the stream's buffers, without detaching them, and maps it
   * with {@code use} while the views are valid: for a marshaller that turns the message into
   * what it keeps (PCM decoded into floats) before grpc-java closes the stream and takes its
   * buffers back, so that the message is never read into an array first. A stream that offers
   * no buffers (the in-process transport, a decompressing stream), or an empty one among them,
   * is read once into an array, as {@link #parse(InputStream, boolean)} does.
   *
   * @param stream grpc-java's stream of the message, open until this returns
   * @param use maps the message; it must copy what it keeps of a {@code bytes} field, and must
   *     not keep the message itself
   * @param <U> what the message is mapped to
   * @return what {@code use} returned
   * @throws InvalidProtocolBufferException if the bytes are not a valid message, nest deeper
   *     than the limit or end with a stray end-group tag
   * @throws IOException if the stream cannot be read
   */
  public <U> U parseInPlace(InputStream stream, Function<? super T, ? extends U> use)
      throws IOException {
    if (stream instanceof KnownLength && stream instanceof HasByteBuffer buffered
        && buffered.byteBufferSupported() && stream.markSupported()) {
      ByteString view = viewOf(stream);
      if (view != null) {
        return use.apply(parse(view));
      }
    }
    return use.apply(parse(stream, /* detach= */ false).message());
  }

  private T parse(ByteString bytes) throws InvalidProtocolBufferException {
    // Every ByteString's coded input is marked immutable, so aliasing hands out views.
    CodedInputStream input = bytes.newCodedInput();
    input.enableAliasing(true);
    input.setRecursionLimit(recursionLimit);
    try {
      MessageLite message = prototype.getParserForType().parseFrom(input);
      // As grpc-java's marshaller: a stray end-group tag must not pass for the end.
      input.checkLastTagWas(0);
      return type.cast(message);
    } catch (InvalidProtocolBufferException e) {
      // protobuf's exception carries the partly parsed message, whose bytes fields are views of
      // the transport's buffers; it outlives them (a status's cause, a log event), so it is not
      // passed on: only its text, which names the failure.
      throw new InvalidProtocolBufferException(e.getMessage());
    }
  }

  /**
   * A view of every byte of a stream that offers its buffers, without copying: one wrapped
   * buffer per Netty buffer of the message. The stream is marked first, so that the buffers it
   * steps over stay alive (grpc-java releases a consumed buffer unless the stream is marked)
   * until it closes. Returns null, with the stream back at its start, when a buffer cannot be
   * stepped over as a whole (an empty one: HTTP/2 allows an empty DATA frame inside a message,
   * and grpc-java keeps it as a buffer of its own); the caller then reads the bytes instead.
   */
  private static ByteString viewOf(InputStream stream) throws IOException {
    HasByteBuffer buffered = (HasByteBuffer) stream;
    stream.mark(stream.available());
    List<ByteString> pieces = new ArrayList<>();
    while (stream.available() > 0) {
      ByteBuffer piece = buffered.getByteBuffer();
      int length = piece.remaining();
      if (length == 0 || stream.skip(length) != length) {
        stream.reset();
        return null;
      }
      pieces.add(UnsafeByteOperations.unsafeWrap(piece));
    }
    stream.reset();
    return ByteString.copyFrom(pieces);
  }

  /**
   * Reads a stream of known length straight into one array of that length (InputStream's
   * one-argument readNBytes would gather 8 KiB pieces first and copy them, doubling the bytes).
   */
  private static byte[] readKnownLength(InputStream stream) throws IOException {
    byte[] bytes = new byte[stream.available()];
    int read = stream.readNBytes(bytes, 0, bytes.length);
    if (read != bytes.length) {
      throw new IOException("the message ended after " + read + " of " + bytes.length
          + " bytes");
    }
    return bytes;
  }
}
