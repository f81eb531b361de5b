package io.remotemedia.server.internal.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http2.DefaultHttp2HeadersDecoder;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Headers;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
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
 * A hand-written HTTP/2 client for one gRPC call, for the mistakes a real gRPC library will
 * not make: a half-close in the middle of a message, a compressed flag without an encoding, a
 * length prefix of 500 MB with no body behind it, a header of 100 KiB. It writes the frames
 * itself (HPACK literals, no Huffman) and decodes the server's headers with Netty's decoder.
 */
final class RawHttp2 {
  static final byte DATA = 0;
  static final byte HEADERS = 1;
  static final byte PRIORITY = 2;
  static final byte RST_STREAM = 3;
  static final byte SETTINGS = 4;
  static final byte PING = 6;
  static final byte GOAWAY = 7;
  static final byte WINDOW_UPDATE = 8;
  static final byte CONTINUATION = 9;
  static final int END_STREAM = 0x1;
  static final int END_HEADERS = 0x4;
  private static final int ACK = 0x1;
  private static final int MAX_FRAME = 16_384;

  /**
   * How the call ended, as the frames said, and the bytes of its response's DATA frames. Null
   * fields were not received.
   */
  record Result(String httpStatus, String grpcStatus, String grpcMessage, String detailsBin,
      Long resetCode, boolean goAway, boolean connectionClosed, byte[] body) {
    /** The response's gRPC messages, their prefixes taken off; none may be compressed. */
    List<byte[]> messages() {
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
   * sends {@code body} in DATA frames of the default size (with END_STREAM when {@code
   * endStream}), and reads until the call ends or the connection closes.
   */
  static Result call(int port, String path, Map<String, String> extraHeaders, byte[] body,
      boolean endStream) throws IOException {
    List<byte[]> frames = new ArrayList<>();
    int offset = 0;
    do {
      int n = Math.min(MAX_FRAME, body.length - offset);
      frames.add(Arrays.copyOfRange(body, offset, offset + n));
      offset += n;
    } while (offset < body.length);
    return call(port, path, extraHeaders, frames, endStream);
  }

  /**
   * As {@link #call(int, String, Map, byte[], boolean)}, sending {@code frames} as the DATA
   * frames, one each, whatever their sizes (an empty one too), END_STREAM on the last: straight
   * on the socket, where no flow controller merges or drops frames.
   */
  static Result call(int port, String path, List<byte[]> frames) throws IOException {
    return call(port, path, Map.of(), frames, true);
  }

  /** As {@link #call(int, String, List)}, with {@code extraHeaders} after the usual ones. */
  static Result call(int port, String path, Map<String, String> extraHeaders,
      List<byte[]> frames) throws IOException {
    return call(port, path, extraHeaders, frames, true);
  }

  /**
   * As {@link #call(int, String, List)}, over a slow link: each frame is sent on its own,
   * {@code pauseMs} after the one before.
   */
  static Result callSlowly(int port, String path, List<byte[]> frames, long pauseMs)
      throws IOException {
    return call(port, path, Map.of(), frames, true, pauseMs);
  }

  /**
   * As {@link #call(int, String, List)}, with what {@code first} writes (request headers are
   * those of this call) after the client's preface, SETTINGS and WINDOW_UPDATE, before the
   * call's headers.
   */
  static Result call(int port, String path, Frames first, List<byte[]> frames)
      throws IOException {
    return call(port, path, Map.of(), first, frames, true, 0);
  }

  private static Result call(int port, String path, Map<String, String> extraHeaders,
      List<byte[]> frames, boolean endStream) throws IOException {
    return call(port, path, extraHeaders, frames, endStream, 0);
  }

  private static Result call(int port, String path, Map<String, String> extraHeaders,
      List<byte[]> frames, boolean endStream, long pauseMs) throws IOException {
    return call(port, path, extraHeaders, out -> { }, frames, endStream, pauseMs);
  }

  private static Result call(int port, String path, Map<String, String> extraHeaders,
      Frames first, List<byte[]> frames, boolean endStream, long pauseMs) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      socket.setTcpNoDelay(true);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      // SETTINGS_INITIAL_WINDOW_SIZE 16 MiB, and as much for the connection: large responses
      // arrive without window updates from here.
      frame(out, SETTINGS, 0, 0, new byte[] {0, 4, 1, 0, 0, 0});
      frame(out, WINDOW_UPDATE, 0, 0, new byte[] {0, (byte) 0xFF, 0, 0});
      Map<String, String> headers = callHeaders(port, path);
      headers.putAll(extraHeaders);
      try {
        first.writeTo(new FrameWriter(out, headers));
        writeHeaders(out, headers);
        for (int i = 0; i < frames.size(); i++) {
          boolean last = i == frames.size() - 1;
          if (i > 0 && pauseMs > 0) {
            out.flush();
            pause(pauseMs);
          }
          frame(out, DATA, last && endStream ? END_STREAM : 0, 1, frames.get(i));
        }
        out.flush();
        return read(new DataInputStream(socket.getInputStream()), out);
      } catch (java.net.SocketException reset) {
        // The server closed the connection while we wrote: the answer to this call.
        return new Result(null, null, null, null, null, false, true, new byte[0]);
      }
    }
  }

  /**
   * Opens a connection to {@code port} with HTTP/2's default flow-control windows (64 KiB),
   * starts {@code calls} calls of {@code path}, each sending {@code message}, and reads
   * nothing: once the server has written 64 KiB of responses, the rest wait in its flow
   * controller. Returns the open socket; closing it abandons those responses.
   */
  static Socket unreadCalls(int port, String path, byte[] message, int calls)
      throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setTcpNoDelay(true);
    OutputStream out = preface(socket);
    Map<String, String> headers = callHeaders(port, path);
    byte[] body = grpcFrame(message);
    for (int i = 0; i < calls; i++) {
      int stream = 1 + 2 * i;
      writeHeaders(out, stream, headers);
      frame(out, DATA, END_STREAM, stream, body);
    }
    out.flush();
    return socket;
  }

  /**
   * Opens a connection to {@code port}, starts {@code resets} calls of {@code path} and resets
   * each at once (HEADERS, then RST_STREAM CANCEL: HTTP/2's "rapid reset"), then reads for up
   * to {@code readMs}.
   *
   * @return the error code of the server's GOAWAY, or empty if none came and the connection
   *     stayed open
   */
  static java.util.OptionalLong resetCalls(int port, String path, int resets, int readMs)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(readMs);
      OutputStream out = preface(socket);
      Map<String, String> headers = callHeaders(port, path);
      byte[] cancel = {0, 0, 0, 8};
      try {
        for (int i = 0; i < resets; i++) {
          int stream = 1 + 2 * i;
          writeHeaders(out, stream, headers);
          frame(out, RST_STREAM, 0, stream, cancel);
        }
        out.flush();
      } catch (java.net.SocketException closed) {
        // Closed while we wrote: its GOAWAY may still be in the receive buffer.
      }
      try {
        awaitEnd(new DataInputStream(socket.getInputStream()), -1);
        throw new IllegalStateException("unreachable: no stream -1");
      } catch (GoAwayException goAway) {
        return java.util.OptionalLong.of(goAway.code);
      } catch (EOFException | SocketTimeoutException | java.net.SocketException e) {
        return java.util.OptionalLong.empty();
      }
    }
  }

  /**
   * Opens a connection to {@code port} and, {@code calls} times, starts a call of {@code path}
   * that sends {@code body} without ending its side, waits until the server has ended the
   * call (its trailers with END_STREAM), and then resets the stream, as a client that is still
   * sending does when the server refuses its call. Then reads for up to {@code readMs}.
   *
   * @return the error code of the server's GOAWAY, or empty if none came and the connection
   *     stayed open
   * @throws IOException if the server ends the connection or a call some other way
   */
  static java.util.OptionalLong resetEndedCalls(int port, String path, byte[] body, int calls,
      int readMs) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(readMs);
      OutputStream out = preface(socket);
      Map<String, String> headers = callHeaders(port, path);
      DataInputStream in = new DataInputStream(socket.getInputStream());
      try {
        for (int i = 0; i < calls; i++) {
          int stream = 1 + 2 * i;
          writeHeaders(out, stream, headers);
          frame(out, DATA, 0, stream, body);
          out.flush();
          awaitEnd(in, stream);
          frame(out, RST_STREAM, 0, stream, new byte[] {0, 0, 0, 8});
        }
        out.flush();
        awaitEnd(in, -1);
        throw new IllegalStateException("unreachable: no stream -1");
      } catch (SocketTimeoutException quiet) {
        return java.util.OptionalLong.empty();
      } catch (GoAwayException goAway) {
        return java.util.OptionalLong.of(goAway.code);
      }
    }
  }

  /**
   * Starts a call of {@code path} on a new connection that sends {@code body} without ending
   * its side, reads until the server has ended the call (its trailers with END_STREAM), and
   * then reads for up to {@code readMs} more.
   *
   * @return the error code of the RST_STREAM the server sent on the call's stream after ending
   *     it, or empty if none came
   * @throws IOException if the server ends the connection or the call some other way
   */
  static java.util.OptionalLong resetAfterEnd(int port, String path, byte[] body, int readMs)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(readMs);
      OutputStream out = preface(socket);
      writeHeaders(out, 1, callHeaders(port, path));
      frame(out, DATA, 0, 1, body);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      awaitEnd(in, 1);
      try {
        while (true) {
          Frame next = Frame.read(in);
          if (next.type() == RST_STREAM && next.stream() == 1) {
            return java.util.OptionalLong.of(code(next.payload(), 0));
          }
        }
      } catch (SocketTimeoutException quiet) {
        return java.util.OptionalLong.empty();
      }
    }
  }

  /** Frames a test writes on a raw connection, after the client's preface and SETTINGS. */
  interface Frames {
    void writeTo(FrameWriter out) throws IOException;
  }

  /** Writes frames of any type, valid or not, on one raw connection. */
  static final class FrameWriter {
    private final OutputStream out;
    private final Map<String, String> headers;

    private FrameWriter(OutputStream out, Map<String, String> headers) {
      this.out = out;
      this.headers = headers;
    }

    /** Writes one frame as given: its length is the payload's, whatever the peer allows. */
    void frame(byte type, int flags, int stream, byte[] payload) throws IOException {
      RawHttp2.frame(out, type, flags, stream, payload);
    }

    /** Writes the call's request headers on {@code stream}, with END_HEADERS. */
    void headers(int stream) throws IOException {
      writeHeaders(out, stream, headers);
    }
  }

  /**
   * How a raw connection ended: the error code of the server's GOAWAY, if one came, and how
   * many streams the server reset with which error code, by code.
   */
  record ConnectionEnd(java.util.OptionalLong goAwayCode, Map<Long, Integer> resets) {}

  /**
   * As {@link #send(int, String, Frames, int)} with no resets awaited, and then, after a
   * GOAWAY, reads on until the server closes the connection (or resets it, when it closes
   * with frames unread), for up to 10 s.
   *
   * @return the error code of the server's GOAWAY, if the server then closed the connection;
   *     empty if no GOAWAY came
   * @throws SocketTimeoutException if the server sent GOAWAY and left the connection open
   */
  static java.util.OptionalLong sendUntilClosed(int port, String path, Frames frames)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      java.util.OptionalLong code = send(socket, path, frames, 0).goAwayCode();
      if (code.isPresent()) {
        InputStream in = socket.getInputStream();
        try {
          while (in.read() >= 0) {
            // What the server wrote after its GOAWAY, up to its close.
          }
        } catch (java.net.SocketException reset) {
          // Closed with frames of ours still unread: TCP resets the connection.
        }
      }
      return code;
    }
  }

  /**
   * Opens a connection to {@code port}, writes the client's preface and SETTINGS, then what
   * {@code frames} writes (request headers are those of a call of {@code path}), and reads
   * until the server sends GOAWAY or has reset {@code resets} streams, for up to 10 s.
   */
  static ConnectionEnd send(int port, String path, Frames frames, int resets)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return send(socket, path, frames, resets);
    }
  }

  /**
   * As {@link #send(int, String, Frames, int)}, on {@code socket}, already connected: a TLS
   * socket too, whose handshake has offered HTTP/2 ({@code h2}) by ALPN.
   */
  static ConnectionEnd send(Socket socket, String path, Frames frames, int resets)
      throws IOException {
    socket.setSoTimeout(10_000);
    OutputStream out = preface(socket);
    try {
      frames.writeTo(new FrameWriter(out, callHeaders(socket.getPort(), path)));
      out.flush();
    } catch (java.net.SocketException closed) {
      // Closed while we wrote: its GOAWAY may still be in the receive buffer.
    }
    DataInputStream in = new DataInputStream(socket.getInputStream());
    Map<Long, Integer> resetCodes = new java.util.TreeMap<>();
    int reset = 0;
    while (reset < resets || resets == 0) {
      Frame frame = Frame.read(in);
      if (frame.type() == GOAWAY && frame.payload().length >= 8) {
        return new ConnectionEnd(java.util.OptionalLong.of(code(frame.payload(), 4)),
            resetCodes);
      }
      if (frame.type() == RST_STREAM) {
        resetCodes.merge(code(frame.payload(), 0), 1, Integer::sum);
        reset++;
      }
    }
    return new ConnectionEnd(java.util.OptionalLong.empty(), resetCodes);
  }

  /**
   * Opens a connection to {@code port}, writes the client's preface and SETTINGS and a PING,
   * and reads until the PING's acknowledgement: the server has read from the connection.
   *
   * @return the open socket
   */
  static Socket openAndPing(int port) throws IOException {
    Socket socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    OutputStream out = preface(socket);
    frame(out, PING, 0, 0, new byte[8]);
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    for (Frame frame = Frame.read(in); ; frame = Frame.read(in)) {
      if (frame.type() == PING && (frame.flags() & ACK) != 0) {
        return socket;
      }
    }
  }

  /**
   * Writes a PING on {@code socket}, opened by {@link #openAndPing(int)}, and reads until the
   * server's GOAWAY or the connection's end.
   *
   * @return the error code of the server's GOAWAY, or empty if the connection ended without
   */
  static java.util.OptionalLong pingUntilGoAway(Socket socket) throws IOException {
    try {
      OutputStream out = socket.getOutputStream();
      frame(out, PING, 0, 0, new byte[8]);
      out.flush();
    } catch (java.net.SocketException reset) {
      // The server may have ended the connection already, on a read of its own that came
      // first (a read of anything fails once armed): its GOAWAY waits to be read all the same.
    }
    return awaitGoAway(socket.getInputStream());
  }

  /**
   * Reads the server's frames from {@code in} until its GOAWAY or the connection's end.
   *
   * @return the error code of the server's GOAWAY, or empty if the connection ended without
   */
  static java.util.OptionalLong awaitGoAway(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    try {
      for (Frame frame = Frame.read(in); ; frame = Frame.read(in)) {
        if (frame.type() == GOAWAY && frame.payload().length >= 8) {
          return java.util.OptionalLong.of(code(frame.payload(), 4));
        }
      }
    } catch (EOFException | java.net.SocketException closed) {
      return java.util.OptionalLong.empty();
    }
  }

  /**
   * The flow-control credit a client has on a new connection before it sends any data: how
   * many bytes it may send on the connection and on its first call's stream.
   */
  record Credit(long connection, long stream) {}

  /**
   * Opens a connection to {@code port}, starts a call of {@code path} on stream 1 without
   * sending its body, then a PING, and reads until the PING's answer: the server writes what
   * it has to say about the call's headers before that. With {@code settingsAckedFirst}, the
   * client acknowledges the server's SETTINGS unread, before the call, as grpc-java clients
   * do; without, only once it has read them, after the call, as HTTP/2 allows.
   *
   * @return the credit the server's SETTINGS and WINDOW_UPDATE frames gave, counted as the
   *     client counts it: from HTTP/2's initial 65,535 bytes for each, a SETTINGS change of
   *     the initial window applied to the open stream
   */
  static Credit creditAfterHeaders(int port, String path, boolean settingsAckedFirst)
      throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      frame(out, SETTINGS, 0, 0, new byte[0]);
      if (settingsAckedFirst) {
        frame(out, SETTINGS, ACK, 0, new byte[0]);
      }
      writeHeaders(out, 1, callHeaders(port, path));
      frame(out, PING, 0, 0, new byte[8]);
      out.flush();
      DataInputStream in = new DataInputStream(socket.getInputStream());
      long connection = 65_535;
      long initial = 65_535;
      long stream = initial;
      for (Frame frame = Frame.read(in); ; frame = Frame.read(in)) {
        if (frame.type() == PING && (frame.flags() & ACK) != 0) {
          return new Credit(connection, stream);
        }
        if (frame.type() == SETTINGS && (frame.flags() & ACK) == 0) {
          for (int at = 0; at + 6 <= frame.payload().length; at += 6) {
            int id = ((frame.payload()[at] & 0xFF) << 8) | (frame.payload()[at + 1] & 0xFF);
            if (id == 4) {
              long value = code(frame.payload(), at + 2);
              stream += value - initial;
              initial = value;
            }
          }
          if (!settingsAckedFirst) {
            frame(out, SETTINGS, ACK, 0, new byte[0]);
            out.flush();
          }
        }
        if (frame.type() == WINDOW_UPDATE) {
          long increment = code(frame.payload(), 0) & 0x7FFF_FFFFL;
          if (frame.stream() == 0) {
            connection += increment;
          } else if (frame.stream() == 1) {
            stream += increment;
          }
        }
        if (frame.type() == GOAWAY || frame.type() == RST_STREAM) {
          throw new IOException("the server ended the call or the connection (frame type "
              + frame.type() + ")");
        }
      }
    }
  }

  /**
   * {@return what a client writes first on a connection to {@code port}: its preface and
   * SETTINGS, then what {@code frames} writes (request headers are those of a call of {@code
   * path})}, for a test that writes the bytes itself
   */
  static byte[] opening(int port, String path, Frames frames) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OutputStream out = preface(bytes);
    frames.writeTo(new FrameWriter(out, callHeaders(port, path)));
    out.flush();
    return bytes.toByteArray();
  }

  /** One frame as read from the server: its header's fields and its payload. */
  private record Frame(byte type, int flags, int stream, byte[] payload) {
    static Frame read(DataInputStream in) throws IOException {
      int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
          | in.readUnsignedByte();
      byte type = in.readByte();
      int flags = in.readUnsignedByte();
      int stream = in.readInt() & 0x7FFF_FFFF;
      return new Frame(type, flags, stream, in.readNBytes(length));
    }
  }

  private static long code(byte[] payload, int offset) {
    return ((payload[offset] & 0xFFL) << 24) | ((payload[offset + 1] & 0xFF) << 16)
        | ((payload[offset + 2] & 0xFF) << 8) | (payload[offset + 3] & 0xFF);
  }

  /**
   * Writes the client's connection preface and settings, and acknowledges the server's unread.
   *
   * @return the buffered stream to write frames to
   */
  private static OutputStream preface(Socket socket) throws IOException {
    return preface(socket.getOutputStream());
  }

  private static OutputStream preface(OutputStream connection) throws IOException {
    OutputStream out = new BufferedOutputStream(connection, 1 << 16);
    out.write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    frame(out, SETTINGS, 0, 0, new byte[0]);
    // The server's SETTINGS come first on the connection; this acknowledges them unread.
    frame(out, SETTINGS, ACK, 0, new byte[0]);
    return out;
  }

  /** Reads frames until one ends {@code stream}; GOAWAY and RST_STREAM are failures. */
  private static void awaitEnd(DataInputStream in, int stream) throws IOException {
    while (true) {
      int length = (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
          | in.readUnsignedByte();
      byte type = in.readByte();
      int flags = in.readUnsignedByte();
      int id = in.readInt() & 0x7FFF_FFFF;
      byte[] payload = in.readNBytes(length);
      if (type == GOAWAY && payload.length >= 8) {
        throw new GoAwayException(((payload[4] & 0xFFL) << 24) | ((payload[5] & 0xFF) << 16)
            | ((payload[6] & 0xFF) << 8) | (payload[7] & 0xFF));
      }
      if (type == RST_STREAM && id == stream) {
        throw new IOException("the server reset stream " + stream + " instead of ending it");
      }
      if ((type == HEADERS || type == DATA) && id == stream && (flags & END_STREAM) != 0) {
        return;
      }
    }
  }

  /** The server's GOAWAY, with its error code. */
  private static final class GoAwayException extends IOException {
    private final long code;

    GoAwayException(long code) {
      super("GOAWAY with error code " + code);
      this.code = code;
    }
  }

  /** {@return a gRPC call's request headers for {@code path}, in order; a mutable map} */
  private static Map<String, String> callHeaders(int port, String path) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(":method", "POST");
    headers.put(":scheme", "http");
    headers.put(":path", path);
    headers.put(":authority", "127.0.0.1:" + port);
    headers.put("content-type", "application/grpc");
    headers.put("te", "trailers");
    return headers;
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

  /** The gRPC frame of {@code message}, uncompressed: its prefix, then its bytes. */
  static byte[] grpcFrame(byte[] message) {
    return grpcFrames(List.of(message));
  }

  /** The gRPC frames of {@code messages}, uncompressed, one after the other. */
  static byte[] grpcFrames(List<byte[]> messages) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] message : messages) {
      out.writeBytes(prefix(false, message.length));
      out.writeBytes(message);
    }
    return out.toByteArray();
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
    ByteArrayOutputStream body = new ByteArrayOutputStream();
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
        return new Result(httpStatus, grpcStatus, grpcMessage, detailsBin, null, false, true,
            body.toByteArray());
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
            return new Result(httpStatus, grpcStatus, grpcMessage, detailsBin, null, false, false,
                body.toByteArray());
          }
        }
        case RST_STREAM -> {
          return new Result(httpStatus, grpcStatus, grpcMessage, detailsBin,
              ((payload[0] & 0xFFL) << 24) | ((payload[1] & 0xFF) << 16)
                  | ((payload[2] & 0xFF) << 8) | (payload[3] & 0xFF), false, false,
              body.toByteArray());
        }
        case GOAWAY -> {
          return new Result(httpStatus, grpcStatus, grpcMessage, detailsBin, null, true, false,
              body.toByteArray());
        }
        case DATA -> {
          if (stream == 1) {
            int pad = (flags & 0x8) != 0 ? (payload[0] & 0xFF) + 1 : 0;
            body.write(payload, pad == 0 ? 0 : 1, payload.length - pad);
          }
          if ((flags & END_STREAM) != 0 && stream == 1) {
            return new Result(httpStatus, grpcStatus, grpcMessage, detailsBin, null, false, false,
                body.toByteArray());
          }
        }
        default -> { } // WINDOW_UPDATE, PRIORITY: nothing to answer
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
    writeHeaders(out, 1, headers);
  }

  private static void writeHeaders(OutputStream out, int stream, Map<String, String> headers)
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
      byte[] piece = Arrays.copyOfRange(bytes, offset, offset + n);
      frame(out, first ? HEADERS : CONTINUATION, last ? END_HEADERS : 0, stream, piece);
      offset += n;
      first = false;
    } while (offset < bytes.length);
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

  private static void pause(long ms) throws java.io.InterruptedIOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted between frames");
    }
  }

  private static void frame(OutputStream out, byte type, int flags, int stream, byte[] payload)
      throws IOException {
    out.write(new byte[] {(byte) (payload.length >>> 16), (byte) (payload.length >>> 8),
        (byte) payload.length, type, (byte) flags, (byte) (stream >>> 24), (byte) (stream >>> 16),
        (byte) (stream >>> 8), (byte) stream});
    out.write(payload);
  }
}
