package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.StatusProto;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.metrics.Exposition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A StreamPipeline client that sends chunks and never reads their results stops its session
 * from reading; the chunks it sends meanwhile wait in the server's transport buffers, up to the
 * call's HTTP/2 receive window. The window is fixed ({@code server.flow_control_window_bytes}),
 * and each open stream counts twice it in {@code limits.total_memory_bytes}. Before, grpc's
 * tuning grew the window (about 1.4 MB per stream here, 8 MiB with more streams), and nothing
 * counted it: 48 such streams held 881 MB of direct memory while {@code
 * pipeline_memory_used_bytes} showed 3.3 MB. A real server on loopback port 0; the clients are
 * raw calls that never ask for a response.
 */
class UnreadStreamResultsTest {
  private static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);
  private static final int CHUNK_FRAMES = 4800;
  private static final long CHUNK_BYTES = CHUNK_FRAMES * Float.BYTES;
  /** The server's default HTTP/2 receive window per call, as docs/streaming.md states it. */
  private static final long WINDOW = 512 * 1024;
  /** What an open stream counts for it: the window and the read buffers its chunks keep. */
  private static final long RESERVED = 1 << 20;
  /** What grpc-java's client queues before {@code isReady()} turns false. */
  private static final long CLIENT_QUEUE_BYTES = 32 * 1024;
  private static final StreamRequest OPEN = StreamWire.open(OpenStreamRequest.of(
      new ManifestParser().parse("""
          {"version": "v1",
           "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": -6}}]}"""),
      MONO_48K), ProtocolVersions.CURRENT);

  @TempDir Path temp;
  private ConfiguredServer server;
  private ManagedChannel channel;
  private final List<UnreadStream> streams = new ArrayList<>();

  @AfterEach
  void tearDown() {
    streams.forEach(stream -> stream.call.cancel("the test ends", null));
    if (channel != null) {
      channel.shutdownNow();
    }
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void streams_whoseClientsSendAndNeverRead_holdAtMostTheirWindowOfChunksCounted()
      throws Exception {
    server = start("");
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    int count = 8;
    for (int i = 0; i < count; i++) {
      streams.add(UnreadStream.open(channel, /* readReady= */ true));
      streams.get(i).ready.get(30, TimeUnit.SECONDS);
    }
    streams.forEach(UnreadStream::sendWhileReady);
    // The server stops reading each once its results fill the client's window; each client
    // then sends until the server's window for it is full. Nothing signals that: wait until
    // no stream has sent for a second.
    Await.until("every stream stalled", 60, () -> streams.stream()
        .allMatch(stream -> stream.msSinceLastSend() > 1000 && !stream.call.isReady()));

    Exposition metrics = Exposition.scrape(server.metricsPort().orElseThrow());
    long sent = streams.stream().mapToLong(stream -> stream.sentChunks.get()).sum();
    long ahead = (sent - (long) metrics.value("stream_chunks_total")) * CHUNK_BYTES;
    assertThat(streams).allSatisfy(stream -> assertThat(stream.end).isNotDone());
    // Per stream: the server's window, and what the client's transport still queues.
    assertThat(ahead).isLessThanOrEqualTo(count * (WINDOW + CLIENT_QUEUE_BYTES + CHUNK_BYTES));
    assertThat(metrics.value("pipeline_memory_used_bytes")).isGreaterThanOrEqualTo(
        count * RESERVED);

    streams.forEach(stream -> stream.call.cancel("done", null));
    Await.until("the windows given back", 10, () -> Exposition.scrape(
        server.metricsPort().orElseThrow()).value("pipeline_memory_used_bytes") == 0);
  }

  @Test
  void streamsTheIdleTimeoutEnds_whileTheirClientsReadNothing_stayCountedUntilTheirStreamsEnd()
      throws Exception {
    // The idle timeout ends each session, but its trailers wait behind results the client does
    // not read, and the chunks it sent ahead stay in the transport. Their windows left the
    // budget with the sessions: clients that kept opening such streams took a server's direct
    // memory to its limit, the budget showing under half of it (found by an attack).
    server = start("streams:\n  idle_timeout_ms: 1000\n");
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    int count = 2;
    for (int i = 0; i < count; i++) {
      streams.add(UnreadStream.open(channel, /* readReady= */ true));
      streams.get(i).ready.get(30, TimeUnit.SECONDS);
    }
    streams.forEach(UnreadStream::sendWhileReady);
    Await.until("the sessions ended", 60, () -> Exposition.scrape(
        server.metricsPort().orElseThrow()).value("active_streams") == 0);

    assertThat(streams).allSatisfy(stream -> assertThat(stream.end).as("trailers not read")
        .isNotDone());
    assertThat(streams).allSatisfy(stream -> assertThat(stream.sentChunks).hasValueGreaterThan(0));
    assertThat(Exposition.scrape(server.metricsPort().orElseThrow())
        .value("pipeline_memory_used_bytes")).isGreaterThanOrEqualTo(count * RESERVED);

    streams.forEach(stream -> stream.call.cancel("done", null));
    Await.until("the windows given back once the streams ended", 10, () -> Exposition.scrape(
        server.metricsPort().orElseThrow()).value("pipeline_memory_used_bytes") == 0);
  }

  @Test
  void open_whenOpenStreamsWindowsFillTheTotalMemory_isRefusedBusyNamingTheLimit()
      throws Exception {
    // Room for three streams' windows and their Gains' few KB, not for a fourth window.
    long total = 3 * RESERVED + RESERVED / 2;
    server = start("limits:\n  total_memory_bytes: " + total + "\n");
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    for (int i = 0; i < 3; i++) {
      streams.add(UnreadStream.open(channel, /* readReady= */ true));
      streams.get(i).ready.get(30, TimeUnit.SECONDS);
    }

    UnreadStream refused = UnreadStream.open(channel, /* readReady= */ false);
    Status status = refused.end.get(30, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription()).startsWith("a stream reserves " + RESERVED + " bytes"
        + " for the chunks its client may send ahead (its HTTP/2 receive window of " + WINDOW
        + " bytes, in the transport's buffers), and all calls together hold ")
        .endsWith(" of the " + total + " bytes this server allows them (total_memory_bytes);"
            + " retry after 100 ms");
    assertThat(refused.detail).satisfies(detail -> {
      assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_BUSY);
      assertThat(detail.getLimit().getLimit()).isEqualTo("total_memory_bytes");
      assertThat(detail.getLimit().getLimitValue()).isEqualTo(total);
      assertThat(detail.getLimit().getActualValue()).isGreaterThan(total);
    });

    streams.get(0).call.cancel("make room", null);
    Await.until("the first window given back", 10, () -> Exposition.scrape(
        server.metricsPort().orElseThrow()).value("pipeline_memory_used_bytes")
        < 3 * RESERVED);
    UnreadStream reopened = UnreadStream.open(channel, /* readReady= */ true);
    streams.add(reopened);
    reopened.ready.get(30, TimeUnit.SECONDS);
  }

  @Test
  void stream_withALargerConfiguredWindow_holdsMoreChunksAndReservesTwiceIt() throws Exception {
    long window = 2 << 20;
    long reserved = 2 * window;
    // Room for one such stream's window and its Gain's few KB, not for a second window.
    long total = reserved + reserved / 2;
    server = start("  flow_control_window_bytes: " + window + "\n"
        + "limits:\n  total_memory_bytes: " + total + "\n");
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    UnreadStream unread = UnreadStream.open(channel, /* readReady= */ true);
    streams.add(unread);
    unread.ready.get(30, TimeUnit.SECONDS);
    unread.sendWhileReady();
    Await.until("the stream stalled", 60,
        () -> unread.msSinceLastSend() > 1000 && !unread.call.isReady());

    long ahead = (unread.sentChunks.get() - (long) Exposition.scrape(
        server.metricsPort().orElseThrow()).value("stream_chunks_total")) * CHUNK_BYTES;
    // More than the default window lets a client send ahead, at most the configured one.
    assertThat(ahead).isGreaterThan(WINDOW + CLIENT_QUEUE_BYTES + CHUNK_BYTES)
        .isLessThanOrEqualTo(window + CLIENT_QUEUE_BYTES + CHUNK_BYTES);
    UnreadStream refused = UnreadStream.open(channel, /* readReady= */ false);
    Status status = refused.end.get(30, TimeUnit.SECONDS);
    assertThat(status.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getDescription()).startsWith("a stream reserves " + reserved + " bytes"
        + " for the chunks its client may send ahead (its HTTP/2 receive window of " + window
        + " bytes, in the transport's buffers)");
  }

  private ConfiguredServer start(String more) throws Exception {
    Path file = temp.resolve("config.yaml");
    Files.writeString(file, """
        metrics:
          port: 0
        server:
          port: 0
        """ + more, StandardCharsets.UTF_8);
    return ConfiguredServer.start(ConfigLoader.builder().file(file).build());
  }

  /**
   * One StreamPipeline call that sends {@code open}, asks for its {@code ready} at most, and
   * then sends chunks whenever its transport is ready, never reading a result.
   */
  private static final class UnreadStream {
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final CompletableFuture<Status> end = new CompletableFuture<>();
    final AtomicLong sentChunks = new AtomicLong();
    final AtomicLong lastSendNanos = new AtomicLong(System.nanoTime());
    volatile ErrorDetail detail;
    ClientCall<StreamRequest, StreamResponse> call;
    private volatile boolean sending;
    private final StreamRequest chunk;

    private UnreadStream() {
      chunk = StreamWire.chunk(0, AudioBuffer.of(MONO_48K, new float[CHUNK_FRAMES]));
    }

    static UnreadStream open(ManagedChannel channel, boolean readReady) {
      UnreadStream stream = new UnreadStream();
      stream.call = channel.newCall(PipelineServiceGrpc.getStreamPipelineMethod(),
          CallOptions.DEFAULT);
      stream.call.start(new ClientCall.Listener<>() {
        @Override
        public void onMessage(StreamResponse message) {
          stream.ready.complete(null);
        }

        @Override
        public void onReady() {
          stream.sendChunks();
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          stream.detail = detailOf(status, trailers);
          stream.ready.completeExceptionally(new AssertionError("ended: " + status));
          stream.end.complete(status);
        }
      }, new Metadata());
      if (readReady) {
        stream.call.request(1);
      }
      stream.call.sendMessage(OPEN);
      return stream;
    }

    void sendWhileReady() {
      sending = true;
      sendChunks();
    }

    long msSinceLastSend() {
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastSendNanos.get());
    }

    private synchronized void sendChunks() {
      while (sending && call.isReady()) {
        long sequence = sentChunks.getAndIncrement();
        call.sendMessage(sequence == 0 ? chunk : chunk.toBuilder()
            .setChunk(chunk.getChunk().toBuilder().setSequence(sequence)).build());
        lastSendNanos.set(System.nanoTime());
      }
    }

    private static ErrorDetail detailOf(Status status, Metadata trailers) {
      com.google.rpc.Status details = StatusProto.fromStatusAndTrailers(status, trailers);
      if (details == null) {
        return null;
      }
      return details.getDetailsList().stream().filter(any -> any.is(ErrorDetail.class))
          .findFirst().map(any -> {
            try {
              return any.unpack(ErrorDetail.class);
            } catch (InvalidProtocolBufferException e) {
              throw new AssertionError("an ErrorDetail that does not parse", e);
            }
          }).orElse(null);
    }
  }
}
