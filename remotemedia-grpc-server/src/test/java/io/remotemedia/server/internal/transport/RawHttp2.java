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
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A hand-written HTTP/2 client for one gRPC call, for the mistakes a real gRPC library will
 * not make: a half-close in the middle of a message, a compressed flag without an encoding, a
 * length prefix of 500 MB with no body behind it, a header of 100 KiB. It writes the frames
 * itself (HPACK literals, no Huffman) and decodes the server's headers with Netty's decoder.
 */
final class RawHttp2 {
  private static final byte DATA = 0;
  private static final byte HEADERS = 1;
  private static final byte RST_STREAM = 3;
  private static final byte SETTINGS = 4;
  private static final byte PING = 6;
  private static final byte GOAWAY = 7;
  private static final byte CONTINUATION = 9;
  private static final int END_STREAM = 0x1;
  private static final int END_HEADERS = 0x4;
  private static final int ACK = 0x1;
  private static final int MAX_FRAME = 16_384;

  /** How the call ended, as the frames said. Null fields were not received. */
  record Result(String httpStatus, String grpcStatus, String grpcMessage, String detailsBin,
      Long resetCode, boolean goAway, boolean connectionClosed) {
    /** Returns the ErrorDetail in grpc-status-details-bin, if the trailers had one. */
    java.util.Optional<io.remotemedia.proto.ErrorDetail> detail()
        throws com.google.protobuf.InvalidProtocolBufferException {
      if (detailsBin == null) {
        return java.util.Optional.empty();
      }
      com.google.rpc.Status status = com.google.rpc.Status.parseFrom(
          java.util.Base64.getDecoder().decode(detailsBin));
      for (com.google.protobuf.Any any : status.getDetailsList()) {
        if (any.is(io.remotemedia.proto.ErrorDetail.class)) {
          return java.util.Optional.of(any.unpack(io.remotemedia.proto.ErrorDetail.class));
        }
      }
      return java.util.Optional.empty();
    }
  }

  private RawHttp2() {}

  /**
   * Opens a connection to {@code port}, starts a call of {@code path} with {@code extraHeaders},
   * sends {@code body} in one DATA frame (with END_STREAM when {@code endStream}), and reads
   * until the call ends or the connection closes.
   */
  static Result call(int port, String path, Map<String, String> extraHeaders, byte[] body,
      boolean endStream) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      frame(out, SETTINGS, 0, 0, new byte[0]);
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put(":method", "POST");
      headers.put(":scheme", "http");
      headers.put(":path", path);
      headers.put(":authority", "127.0.0.1:" + port);
      headers.put("content-type", "application/grpc");
      headers.put("te", "trailers");
      headers.putAll(extraHeaders);
      try {
        writeHeaders(out, headers);
        writeData(out, body, endStream);
        out.flush();
        return read(new DataInputStream(socket.getInputStream()), out);
      } catch (java.net.SocketException reset) {
        // The server closed the connection while we wrote: the answer to this call.
        return new Result(null, null, null, null, null, false, true);
      }
    }
  }

  /** The 5-byte gRPC message prefix: flags, then the length, big-endian. */
  static byte[] prefix(boolean compressed, long length) {
    return new byte[] {(byte) (compressed ? 1 : 0), (byte) (length >>> 24),
        (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
  }

  private static Result read(DataInputStream in, OutputStream out) throws IOException {
    DefaultHttp2HeadersDecoder decoder = new DefaultHttp2HeadersDecoder(false);
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    String httpStatus = null;
    String grpcStatus = null;
    String grpcMessage = null;
    String detailsBin = null;
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
        return new Result(httpStatus, grpcStatus, grpcMessage, detailsBin, null, false, true);
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
        case HEADERS, CONTINUATION -> {
          block.write(payload, 0, payload.length - padding(type, flags, payload));
          if ((flags & END_HEADERS) != 0) {
            Http2Headers decoded = decode(decoder, stream, block.toByteArray());
            block.reset();
            if (decoded.status() != null) {
              httpStatus = decoded.status().toString();
            }
            if (decoded.get("grpc-status") != null) {
              grpcStatus = decoded.get("grpc-status").toString();
              grpcMessage = decoded.get("grpc-message") == null ? null
                  : decoded.get("grpc-message").toString();
              detailsBin = decoded.get("grpc-status-details-bin") == null ? null
                  : decoded.get("grpc-status-details-bin").toString();
            }
          }
          if ((flags & END_STREAM) != 0 && stream == 1) {
            return new Result(httpStatus, grpcStatus, grpcMessage, detailsBin, null, false, false);
          }
        }
        case RST_STREAM -> {
          return new Result(httpStatus, grpcStatus, grpcMessage, detailsBin,
              ((payload[0] & 0xFFL) << 24) | ((payload[1] & 0xFF) << 16)
                  | ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF), false, false);
        }
        case GOAWAY -> {
          return new Result(httpStatus, grpcStatus, grpcMessage, detailsBin, null, true, false);
        }
        default -> { } // DATA, WINDOW_UPDATE, PRIORITY: nothing to answer
      }
    }
  }

  private static int padding(byte type, int flags, byte[] payload) {
    // HEADERS may be padded (0x8) and carry a priority (0x20); the server sends neither, but
    // the block must start after them if it did.
    return type == HEADERS && (flags & 0x8) != 0 ? payload[0] : 0;
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
      block.write(0); // literal header field without indexing, new name
      literal(block, header.getKey());
      literal(block, header.getValue());
    }
    byte[] bytes = block.toByteArray();
    int offset = 0;
    boolean first = true;
    do {
      int n = Math.min(MAX_FRAME, bytes.length - offset);
      boolean last = offset + n == bytes.length;
      byte[] piece = java.util.Arrays.copyOfRange(bytes, offset, offset + n);
      frame(out, first ? HEADERS : CONTINUATION, last ? END_HEADERS : 0, 1, piece);
      offset += n;
      first = false;
    } while (offset < bytes.length);
  }

  /** Writes {@code body} in DATA frames of at most the default frame size. */
  private static void writeData(OutputStream out, byte[] body, boolean endStream)
      throws IOException {
    int offset = 0;
    do {
      int n = Math.min(MAX_FRAME, body.length - offset);
      boolean last = offset + n == body.length;
      frame(out, DATA, last && endStream ? END_STREAM : 0, 1,
          java.util.Arrays.copyOfRange(body, offset, offset + n));
      offset += n;
    } while (offset < body.length);
  }

  /** An HPACK string literal without Huffman: a 7-bit-prefix length, then the bytes. */
  private static void literal(ByteArrayOutputStream block, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
    int length = bytes.length;
    if (length < 127) {
      block.write(length);
    } else {
      block.write(127);
      length -= 127;
      while (length >= 128) {
        block.write((length & 0x7F) | 0x80);
        length >>>= 7;
      }
      block.write(length);
    }
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
