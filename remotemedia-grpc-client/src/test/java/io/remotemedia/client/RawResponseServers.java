package io.remotemedia.client;

import com.google.protobuf.ByteString;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.ReferenceCountUtil;
import io.remotemedia.proto.Compatibility;
import io.remotemedia.proto.ExecuteResponse;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.VersionResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Servers for attacking the SDK's response path over loopback: a grpc-java Netty server whose
 * ExecutePipeline answers raw bytes (so that a response may be malformed), and a bare HTTP/2
 * server that chooses the DATA frames a response is cut into.
 */
final class RawResponseServers {
  private RawResponseServers() {}

  /**
   * A grpc-java Netty server on a port of its own: ExecutePipeline answers the bytes {@code
   * answer} gives (gzip'd when {@code gzip}); the other methods are FakePipelineService's.
   */
  static Server grpc(Supplier<byte[]> answer, boolean gzip) throws IOException {
    ServerServiceDefinition fake = new FakePipelineService(ExecuteResponse.getDefaultInstance())
        .bindService();
    MethodDescriptor<byte[], byte[]> raw = PipelineServiceGrpc.getExecutePipelineMethod()
        .toBuilder(RawMarshaller.INSTANCE, RawMarshaller.INSTANCE).build();
    ServerServiceDefinition.Builder service =
        ServerServiceDefinition.builder(PipelineServiceGrpc.SERVICE_NAME)
            .addMethod(raw, ServerCalls.asyncUnaryCall((request, response) -> {
              if (gzip) {
                ((ServerCallStreamObserver<byte[]>) response).setCompression("gzip");
              }
              response.onNext(answer.get());
              response.onCompleted();
            }));
    fake.getMethods().stream()
        .filter(method -> !method.getMethodDescriptor().getBareMethodName()
            .equals("ExecutePipeline"))
        .forEach(service::addMethod);
    return NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(service.build())
        .build()
        .start();
  }

  /** A bare HTTP/2 server; close it to stop it. */
  static final class Http2 implements AutoCloseable {
    private final EventLoopGroup group;
    final int port;

    private Http2(EventLoopGroup group, int port) {
      this.group = group;
      this.port = port;
    }

    @Override
    public void close() throws InterruptedException {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
    }
  }

  /**
   * A bare HTTP/2 server on a port of its own: GetVersion answers compatible, ExecutePipeline
   * answers the bytes {@code message} gives, framed as gRPC and sent as DATA frames of the
   * sizes {@code frames} gives in turn (0: an empty DATA frame), and any other method is
   * UNIMPLEMENTED. The DATA frames are written past Netty's flow controller, which would merge
   * them and drop empty ones: keep a message under the client's 1 MiB window.
   */
  static Http2 http2(Supplier<byte[]> message, Supplier<int[]> frames)
      throws InterruptedException {
    return http2(message, frames, /* resetMarginNanos= */ -1, new AtomicInteger());
  }

  /**
   * As {@link #http2(Supplier, Supplier)}, but the first ExecutePipeline call is reset (RST_STREAM
   * CANCEL, as a replica killed mid-call resets its streams) {@code resetMarginNanos} before the
   * deadline its grpc-timeout gives, before any answer; {@code executeCalls} counts the calls.
   */
  static Http2 http2ResettingFirstCall(Supplier<byte[]> message, long resetMarginNanos,
      AtomicInteger executeCalls) throws InterruptedException {
    return http2(message, () -> new int[] {Integer.MAX_VALUE}, resetMarginNanos, executeCalls);
  }

  private static Http2 http2(Supplier<byte[]> message, Supplier<int[]> frames,
      long resetMarginNanos, AtomicInteger executeCalls) throws InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    Channel channel = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            Http2FrameCodec codec = Http2FrameCodecBuilder.forServer().build();
            ch.pipeline().addLast(codec,
                new RawGrpcHandler(codec, message, frames, resetMarginNanos, executeCalls));
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
    return new Http2(group, ((InetSocketAddress) channel.localAddress()).getPort());
  }

  private static final class RawGrpcHandler extends ChannelInboundHandlerAdapter {
    private final Http2FrameCodec codec;
    private final Supplier<byte[]> message;
    private final Supplier<int[]> frames;
    private final long resetMarginNanos;
    private final AtomicInteger executeCalls;
    private final Map<Http2FrameStream, Http2Headers> requests = new HashMap<>();

    RawGrpcHandler(Http2FrameCodec codec, Supplier<byte[]> message, Supplier<int[]> frames,
        long resetMarginNanos, AtomicInteger executeCalls) {
      this.codec = codec;
      this.message = message;
      this.frames = frames;
      this.resetMarginNanos = resetMarginNanos;
      this.executeCalls = executeCalls;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Http2HeadersFrame headers) {
        requests.put(headers.stream(), headers.headers());
        if (headers.isEndStream()) {
          answer(ctx, headers.stream());
        }
      } else if (msg instanceof Http2DataFrame data) {
        int bytes = data.initialFlowControlledBytes();
        boolean end = data.isEndStream();
        Http2FrameStream stream = data.stream();
        data.release();
        if (bytes > 0) {
          ctx.writeAndFlush(new DefaultHttp2WindowUpdateFrame(bytes).stream(stream));
        }
        if (end) {
          answer(ctx, stream);
        }
      } else {
        ReferenceCountUtil.release(msg);
      }
    }

    private void answer(ChannelHandlerContext ctx, Http2FrameStream stream) {
      Http2Headers request = requests.remove(stream);
      String path = String.valueOf(request.path());
      Http2Headers ok = new DefaultHttp2Headers().status("200")
          .set("content-type", "application/grpc");
      if (path.endsWith("/GetVersion")) {
        byte[] version = VersionResponse.newBuilder()
            .setProtocolVersion("v1")
            .setServerVersion("9.0.0")
            .addSupportedProtocolVersions("v1")
            .setCompatibility(Compatibility.COMPATIBILITY_COMPATIBLE)
            .build().toByteArray();
        ctx.write(new DefaultHttp2HeadersFrame(ok).stream(stream));
        ctx.write(new DefaultHttp2DataFrame(framed(version), false).stream(stream));
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(
            new DefaultHttp2Headers().set("grpc-status", "0"), true).stream(stream));
      } else if (path.endsWith("/ExecutePipeline") && executeCalls.incrementAndGet() == 1
          && resetMarginNanos >= 0) {
        long timeoutNanos = timeoutNanos(String.valueOf(request.get("grpc-timeout")));
        ctx.executor().schedule(() -> ctx.writeAndFlush(
                new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stream)),
            Math.max(0, timeoutNanos - resetMarginNanos), TimeUnit.NANOSECONDS);
      } else if (path.endsWith("/ExecutePipeline")) {
        ByteBuf whole = framed(message.get());
        int[] sizes = frames.get();
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(ok).stream(stream));
        ChannelHandlerContext codecContext = ctx.pipeline().context(codec);
        for (int i = 0; whole.isReadable(); i++) {
          int size = Math.min(sizes[i % sizes.length], whole.readableBytes());
          codec.encoder().frameWriter().writeData(codecContext, stream.id(),
              whole.readRetainedSlice(size), 0, false, codecContext.newPromise());
          codecContext.flush();
        }
        whole.release();
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(
            new DefaultHttp2Headers().set("grpc-status", "0"), true).stream(stream));
      } else {
        ctx.writeAndFlush(new DefaultHttp2HeadersFrame(ok.set("grpc-status", "12"), true)
            .stream(stream));
      }
    }

    /** {@return the time a grpc-timeout header gives ("2999871u"), in ns} */
    private static long timeoutNanos(String header) {
      long value = Long.parseLong(header.substring(0, header.length() - 1));
      TimeUnit unit = switch (header.charAt(header.length() - 1)) {
        case 'n' -> TimeUnit.NANOSECONDS;
        case 'u' -> TimeUnit.MICROSECONDS;
        case 'm' -> TimeUnit.MILLISECONDS;
        case 'S' -> TimeUnit.SECONDS;
        case 'M' -> TimeUnit.MINUTES;
        case 'H' -> TimeUnit.HOURS;
        default -> throw new IllegalArgumentException("grpc-timeout: " + header);
      };
      return unit.toNanos(value);
    }

    private static ByteBuf framed(byte[] body) {
      ByteBuf framed = Unpooled.buffer(5 + body.length);
      framed.writeByte(0).writeInt(body.length).writeBytes(body);
      return framed;
    }
  }

  enum RawMarshaller implements MethodDescriptor.Marshaller<byte[]> {
    INSTANCE;

    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * One F32 output "out" of {@code samples}, then the audio_outputs tag, a length of 100 and
   * only 3 bytes: a response protobuf refuses after it has parsed the output.
   */
  static byte[] truncatedResponse(byte[] samples) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ExecuteResponse.newBuilder()
        .putAudioOutputs("out", io.remotemedia.proto.AudioBuffer.newBuilder()
            .setSampleRateHz(8000)
            .setChannels(1)
            .setFormat(io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_F32)
            .setFrameCount(samples.length / 4)
            .setSamples(ByteString.copyFrom(samples))
            .build())
        .build().toByteArray());
    out.writeBytes(new byte[] {0x0A, 100, 1, 2, 3});
    return out.toByteArray();
  }

  /**
   * A response with every kind of field: audio of every sample format at 1 to 3 channels
   * (random bytes; F32 finite), an empty output, keys padded by {@code pad}, a Struct report
   * with a long string of 1- to 4-byte UTF-8, and metrics of 200 nodes with counters.
   */
  static ExecuteResponse richResponse(Random random, int pad, int maxFrames) {
    ExecuteResponse.Builder response = ExecuteResponse.newBuilder();
    io.remotemedia.proto.SampleFormat[] formats = {
        io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_F32,
        io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_I16,
        io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_I32};
    int[] bytesPer = {4, 2, 4};
    for (int f = 0; f < 3; f++) {
      for (int channels : new int[] {1, 2, 3}) {
        int frames = maxFrames / 4 + random.nextInt(maxFrames);
        byte[] pcm = new byte[frames * channels * bytesPer[f]];
        random.nextBytes(pcm);
        if (f == 0) {
          ByteBuffer floats = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
          for (int i = 0; i < pcm.length; i += 4) {
            floats.putFloat(i, random.nextFloat() * 2 - 1);
          }
        }
        response.putAudioOutputs("k".repeat(pad + 1) + f + "-" + channels,
            io.remotemedia.proto.AudioBuffer.newBuilder()
                .setSampleRateHz(8000 + pad).setChannels(channels).setFormat(formats[f])
                .setFrameCount(frames).setSamples(ByteString.copyFrom(pcm)).build());
      }
    }
    response.putAudioOutputs("empty" + pad, io.remotemedia.proto.AudioBuffer.newBuilder()
        .setSampleRateHz(8000).setChannels(2)
        .setFormat(io.remotemedia.proto.SampleFormat.SAMPLE_FORMAT_I16).build());
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 20_000 + pad; i++) {
      text.append((char) ('a' + random.nextInt(26)));
      if (i % 997 == 0) {
        text.append("\u00e9\u20ac\ud83c\udfb5");
      }
    }
    response.putDataOutputs("report", com.google.protobuf.Struct.newBuilder()
        .putFields("text", com.google.protobuf.Value.newBuilder()
            .setStringValue(text.toString()).build())
        .putFields("n", com.google.protobuf.Value.newBuilder().setNumberValue(pad).build())
        .build());
    io.remotemedia.proto.ExecutionMetrics.Builder metrics =
        io.remotemedia.proto.ExecutionMetrics.newBuilder().setWallMs(1.5).setCpuMs(pad)
            .setAllocatedBytes(-1L).setSerializationMs(0.25);
    for (int n = 0; n < 200; n++) {
      metrics.addNodes(io.remotemedia.proto.NodeMetrics.newBuilder()
          .setNodeId("node-" + n + "-" + "x".repeat(n % 37)).setNodeType("Gain")
          .setWallMs(n).setFramesIn(n).setFramesOut(-n).putCounters("c" + n, n * 0.5));
    }
    return response.setMetrics(metrics).build();
  }
}
