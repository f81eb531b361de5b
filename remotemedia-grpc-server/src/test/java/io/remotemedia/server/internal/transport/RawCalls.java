package io.remotemedia.server.internal.transport;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.KnownLength;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.PipelineServiceGrpc;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls the pipeline service with raw bytes for a request, as a client of any language could:
 * the bytes go on the wire as they are, parsed or not. Each call returns how it ended.
 */
final class RawCalls {
  /** A request body: a byte array, or a length of zeros made as they are sent. */
  interface Body {
    InputStream open();

    static Body of(byte[] bytes) {
      return () -> new ByteArrayInputStream(bytes);
    }

    /** {@code length} zero bytes, never held in memory at once. */
    static Body zeros(long length) {
      return () -> new ZerosStream(length);
    }
  }

  /** How a call ended: its status and the ErrorDetail its trailers carried, if any. */
  record Outcome(Status status, Optional<ErrorDetail> detail, int trailerBytes) {
    Status.Code code() {
      return status.getCode();
    }
  }

  static final MethodDescriptor<Body, byte[]> EXECUTE =
      raw(PipelineServiceGrpc.getExecutePipelineMethod());
  static final MethodDescriptor<Body, byte[]> STREAM =
      raw(PipelineServiceGrpc.getStreamPipelineMethod());
  static final MethodDescriptor<Body, byte[]> EXPLAIN =
      raw(PipelineServiceGrpc.getExplainPipelineMethod());
  /**
   * ExecutePipeline sent as a client that writes its headers at once, as other languages' do;
   * grpc-java holds a unary call's headers until its request is sent.
   */
  static final MethodDescriptor<Body, byte[]> EXECUTE_HEADERS_FIRST =
      EXECUTE.toBuilder().setType(MethodDescriptor.MethodType.BIDI_STREAMING).build();
  static final MethodDescriptor<Body, byte[]> VERSION =
      raw(PipelineServiceGrpc.getGetVersionMethod());

  private RawCalls() {}

  /** A call that has started: its end, and the call to send on or cancel. */
  record Started(ClientCall<Body, byte[]> call, CompletableFuture<Outcome> end) {
    /** {@return how the call ended} waiting up to 30 s; fails the test if it did not end. */
    Outcome awaitEnd() throws InterruptedException {
      try {
        return end.get(30, TimeUnit.SECONDS);
      } catch (ExecutionException | TimeoutException e) {
        call.cancel("the test gave up", e);
        throw new AssertionError("the call did not end", e);
      }
    }
  }

  /** Starts a call of {@code method} that sends nothing yet, reading all its responses. */
  static Started start(Channel channel, MethodDescriptor<Body, byte[]> method) {
    ClientCall<Body, byte[]> call = channel.newCall(method,
        CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS));
    CompletableFuture<Outcome> end = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        end.complete(new Outcome(status, detailOf(status, trailers), sizeOf(trailers)));
      }
    }, new Metadata());
    call.request(Integer.MAX_VALUE);
    return new Started(call, end);
  }

  /** Sends {@code messages} on a new call of {@code method}, half-closes, and waits for its end. */
  static Outcome call(Channel channel, MethodDescriptor<Body, byte[]> method, List<Body> messages)
      throws InterruptedException {
    Started started = start(channel, method);
    try {
      for (Body message : messages) {
        started.call().sendMessage(message);
      }
      started.call().halfClose();
    } catch (IllegalStateException | StatusRuntimeException closedMeanwhile) {
      // The server may end the call while we still send; its status is what counts.
    }
    return started.awaitEnd();
  }

  static Outcome call(Channel channel, MethodDescriptor<Body, byte[]> method, byte[] message)
      throws InterruptedException {
    return call(channel, method, List.of(Body.of(message)));
  }

  private static Optional<ErrorDetail> detailOf(Status status, Metadata trailers) {
    com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(status, trailers);
    if (details == null) {
      return Optional.empty();
    }
    return details.getDetailsList().stream().filter(any -> any.is(ErrorDetail.class))
        .findFirst().map(any -> {
          try {
            return any.unpack(ErrorDetail.class);
          } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("an ErrorDetail that does not parse", e);
          }
        });
  }

  private static int sizeOf(Metadata trailers) {
    int bytes = 0;
    for (String key : trailers.keys()) {
      if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        for (byte[] value : trailers.getAll(
            Metadata.Key.of(key, Metadata.BINARY_BYTE_MARSHALLER))) {
          bytes += key.length() + (value.length + 2) / 3 * 4;
        }
      } else {
        for (String value : trailers.getAll(
            Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER))) {
          bytes += key.length() + value.length();
        }
      }
    }
    return bytes;
  }

  /** {@return {@code method} with any bytes for its requests and its responses read as bytes} */
  static <Q, R> MethodDescriptor<Body, byte[]> raw(MethodDescriptor<Q, R> method) {
    return MethodDescriptor.<Body, byte[]>newBuilder()
        .setType(method.getType())
        .setFullMethodName(method.getFullMethodName())
        .setRequestMarshaller(new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(Body body) {
            return body.open();
          }

          @Override
          public Body parse(InputStream stream) {
            throw new UnsupportedOperationException("requests are only sent");
          }
        })
        .setResponseMarshaller(new MethodDescriptor.Marshaller<>() {
          @Override
          public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
          }

          @Override
          public byte[] parse(InputStream stream) {
            try {
              return stream.readAllBytes();
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          }
        })
        .build();
  }

  /** Zeros of a known length, so that grpc writes the length prefix without buffering them. */
  private static final class ZerosStream extends InputStream implements KnownLength {
    private long remaining;

    ZerosStream(long length) {
      this.remaining = length;
    }

    @Override
    public int read() {
      if (remaining == 0) {
        return -1;
      }
      remaining--;
      return 0;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(length, remaining);
      java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
      remaining -= n;
      return n;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, remaining);
    }
  }
}
