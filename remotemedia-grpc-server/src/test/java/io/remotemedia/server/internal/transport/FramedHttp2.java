package io.remotemedia.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bare HTTP/2 client for one gRPC call whose request is sent in DATA frames of the sizes the
 * test chooses (0: an empty DATA frame), END_STREAM on the last frame given, straight on a
 * socket: no flow controller merges or drops frames. It collects the response's gRPC messages
 * and trailers.
 */
final class FramedHttp2 {
  private static final byte DATA = 0;
  private static final byte HEADERS = 1;
  private static final byte RST_STREAM = 3;
  private static final byte SETTINGS = 4;
  private static final byte PING = 6;
  private static final byte GOAWAY = 7;
  private static final byte WINDOW_UPDATE = 8;
  private static final byte CONTINUATION = 9;
  private static final int END_STREAM = 0x1;
  private static final int END_HEADERS = 0x4;
  private static final int ACK = 0x1;

  /** How the call ended, and the response messages (gRPC frames decoded, uncompressed). */
  record Result(String grpcStatus, String grpcMessage, List<byte[]> messages, Long resetCode,
      boolean goAway, boolean connectionClosed) {}

  private FramedHttp2() {}

  /** The gRPC frame of a message: flag 0, the big-endian length, the bytes. */
  static byte[] grpcFrame(byte[] message) {
    byte[] framed = new byte[5 + message.length];
    framed[1] = (byte) (message.length >>> 24);
    framed[2] = (byte) (message.length >>> 16);
    framed[3] = (byte) (message.length >>> 8);
    framed[4] = (byte) message.length;
    System.arraycopy(message, 0, framed, 5, message.length);
    return framed;
  }

  /** The gRPC frames of several messages, one after the other. */
  static byte[] grpcFrames(List<byte[]> messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    messages.forEach(message -> out.writeBytes(grpcFrame(message)));
    return out.toByteArray();
  }

  /**
   * Cuts {@code body} into DATA frame payloads of the sizes {@code sizes} gives in turn (0: an
   * empty frame), until the body is used up; {@code leading} and {@code trailing} empty frames
   * go before and after.
   */
  static List<byte[]> cut(byte[] body, int[] sizes, int leading, int trailing) {
    List<byte[]> frames = new ArrayList<>();
    for (int i = 0; i < leading; i++) {
      frames.add(new byte[0]);
    }
    int offset = 0;
    for (int i = 0; offset < body.length; i++) {
      int n = Math.min(sizes[i % sizes.length], body.length - offset);
      frames.add(Arrays.copyOfRange(body, offset, offset + n));
      offset += n;
    }
    for (int i = 0; i < trailing; i++) {
      frames.add(new byte[0]);
    }
    return frames;
  }

  /**
   * Calls {@code path} on {@code port}, sending {@code frames} as DATA frames of stream 1 (the
   * last with END_STREAM), and reads until the call ends or the connection closes.
   */
  static Result call(int port, String path, List<byte[]> frames) throws IOException {
    return call(port, path, Map.of(), frames);
  }

  /** As {@link #call(int, String, List)}, with {@code extraHeaders} after the usual ones. */
  static Result call(int port, String path, Map<String, String> extraHeaders,
      List<byte[]> frames) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      socket.setTcpNoDelay(true);
      OutputStream out = new java.io.BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      // SETTINGS_INITIAL_WINDOW_SIZE 16 MiB, and as much for the connection.
      frame(out, SETTINGS, 0, 0, new byte[] {0, 4, 1, 0, 0, 0});
      frame(out, WINDOW_UPDATE, 0, 0, new byte[] {0, (byte) 0xFF, 0, 0});
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put(":method", "POST");
      headers.put(":scheme", "http");
      headers.put(":path", path);
      headers.put(":authority", "127.0.0.1:" + port);
      headers.put("content-type", "application/grpc");
      headers.put("te", "trailers");
      headers.putAll(extraHeaders);
      writeHeaders(out, headers);
      for (int i = 0; i < frames.size(); i++) {
        frame(out, DATA, i == frames.size() - 1 ? END_STREAM : 0, 1, frames.get(i));
      }
      out.flush();
      return read(new DataInputStream(socket.getInputStream()), out);
    }
  }

  private static Result read(DataInputStream in, OutputStream out) throws IOException {
    DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    String grpcStatus = null;
    String grpcMessage = null;
    while (true) {
      int length;
      byte type;
      int flags;
      int stream;
      byte[] payload;
      try {
        length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
            | in.readUnsignedByte();
        type = in.readByte();
        flags = in.readUnsignedByte();
        stream = in.readInt() & 0x7FFF_FFFF;
        payload = in.readNBytes(length);
      } catch (EOFException | SocketTimeoutException | java.net.SocketException e) {
        return new Result(grpcStatus, grpcMessage, messages(body.toByteArray()), null, false,
            true);
      }
      switch (type) {
        case SETTINGS -> {
          if ((flags & ACK) == 0) {
            frame(out, SETTINGS, ACK, 0, new byte[0]);
            out.flush();
          }
        }
        case PING -> {
          if ((flags & ACK) == 0) {
            frame(out, PING, ACK, 0, payload);
            out.flush();
          }
        }
        case DATA -> {
          int pad = (flags & 0x8) != 0 ? payload[0] + 1 : 0;
          body.write(payload, pad == 0 ? 0 : 1, payload.length - pad);
          if ((flags & END_STREAM) != 0 && stream == 1) {
            return new Result(grpcStatus, grpcMessage, messages(body.toByteArray()), null,
                false, false);
          }
        }
        case HEADERS, CONTINUATION -> {
          block.write(payload, 0, payload.length);
          if ((flags & END_HEADERS) != 0) {
            Http2Headers decoded = decode(decoder, stream, block.toByteArray());
            block.reset();
            if (decoded.get("grpc-status") != null) {
              grpcStatus = decoded.get("grpc-status").toString();
              grpcMessage = decoded.get("grpc-message") == null ? null
                  : decoded.get("grpc-message").toString();
            }
          }
          if ((flags & END_STREAM) != 0 && stream == 1) {
            return new Result(grpcStatus, grpcMessage, messages(body.toByteArray()), null,
                false, false);
          }
        }
        case RST_STREAM -> {
          return new Result(grpcStatus, grpcMessage, messages(body.toByteArray()),
              ((payload[0] & 0xFFL) << 24) | ((payload[1] & 0xFF) << 16)
                  | ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF), false, false);
        }
        case GOAWAY -> {
          return new Result(grpcStatus, grpcMessage, messages(body.toByteArray()), null, true,
              false);
        }
        default -> { } // WINDOW_UPDATE, PRIORITY
      }
    }
  }

  private static List<byte[]> messages(byte[] body) {
    List<byte[]> messages = new ArrayList<>();
    int offset = 0;
    while (offset + 5 <= body.length) {
      int length = ((body[offset + 1] & 0xFF) << 24) | ((body[offset + 2] & 0xFF) << 16)
          | ((body[offset + 3] & 0xFF) << 8) | (body[offset + 4] & 0xFF);
      if (body[offset] != 0) {
        throw new AssertionError("a compressed response message");
      }
      messages.add(Arrays.copyOfRange(body, offset + 5, offset + 5 + length));
      offset += 5 + length;
    }
    return messages;
  }

  private static Http2Headers decode(DefaultHttp2HeadersDecoder decoder, int stream,
      byte[] block) {
    ByteBuf buffer = Unpooled.wrappedBuffer(block);
    try {
      return decoder.decodeHeaders(stream, buffer);
    } catch (Http2Exception e) {
      throw new AssertionError("the server sent headers that do not decode", e);
    } finally {
      buffer.release();
    }
  }

  private static void writeHeaders(OutputStream out, Map<String, String> headers)
      throws IOException {
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    for (Map.Entry<String, String> header : headers.entrySet()) {
      block.write(0);
      literal(block, header.getKey());
      literal(block, header.getValue());
    }
    frame(out, HEADERS, END_HEADERS, 1, block.toByteArray());
  }

  private static void literal(ByteArrayOutputStream block, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    if (bytes.length >= 127) {
      throw new IllegalArgumentException("a header too long for this client");
    }
    block.write(bytes.length);
    block.write(bytes, 0, bytes.length);
  }

  private static void frame(OutputStream out, byte type, int flags, int stream, byte[] payload)
      throws IOException {
    out.write(new byte[] {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8),
        (byte) payload.length, type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16),
        (byte) (stream >>> 8), (byte) stream});
    out.write(payload);
  }
}
