package io.remotemedia.server;

import static io.remotemedia.server.StreamAudio.concat;
import static io.remotemedia.server.StreamAudio.samplesOf;
import static io.remotemedia.server.StreamAudio.signal;
import static io.remotemedia.server.StreamRecorder.detailOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.client.RemoteStreamSession;
import io.remotemedia.client.StreamListener;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.AudioEncoding;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamOpen;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.internal.transport.StreamStatus;
import java.net.InetSocketAddress;
import java.nio.ShortBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** StreamPipeline on the real Netty server on a loopback port, through the client SDK. */
class StreamPipelineEndToEndTest {
  private static final String GAIN_RESAMPLE = """
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": -3}},
                 {"id": "resample", "node_type": "AudioResample",
                  "params": {"target_sample_rate": 16000}}],
       "connections": [{"from": "gain", "to": "resample"}]}
      """;
  private static final String GAIN = """
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": -6}}],
       "connections": []}
      """;
  private static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);

  private RemoteMediaServer server;
  private LocalPipelineRunner runner;
  private RemoteMediaClient client;
  private ManagedChannel rawChannel;

  private void start(StreamSettings settings) throws Exception {
    start(settings, ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()));
  }

  private void start(StreamSettings settings, ServerSettings serverSettings) throws Exception {
    start(settings, serverSettings, LocalPipelineRunner.create());
  }

  private void start(StreamSettings settings, ServerSettings serverSettings,
      LocalPipelineRunner runner) throws Exception {
    this.runner = runner;
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), runner,
        serverSettings, settings);
    server.start();
    client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.port())
        .deadline(Duration.ofSeconds(20))
        .build();
    rawChannel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext()
        .build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    rawChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void openStream_gainResampleInRandomChunks_equalsUnaryOutputInSequenceOrder()
      throws Exception {
    start(StreamSettings.defaults());
    PipelineManifest manifest = new ManifestParser().parse(GAIN_RESAMPLE);
    float[] input = signal(48_000 + 123, 7);
    float[] unary = client.execute(ExecutionRequest.of(manifest, "gain",
        AudioBuffer.of(MONO_48K, input))).audio("resample").samples();

    for (long seed : new long[] {1, 2}) {
      Random random = new Random(seed);
      List<float[]> pieces = new ArrayList<>();
      ExecutionResult tails;
      try (PipelineStream stream = client.openStream(OpenStreamRequest.of(manifest, MONO_48K))) {
        int offset = 0;
        for (long sequence = 0; offset < input.length; sequence++) {
          int frames = Math.min(input.length - offset, 1 + random.nextInt(3000));
          float[] chunk = java.util.Arrays.copyOfRange(input, offset, offset + frames);
          offset += frames;
          StreamResult result = stream.push(sequence, AudioBuffer.of(MONO_48K, chunk));
          assertThat(result.sequence()).isEqualTo(sequence);
          pieces.add(samplesOf(result.audioOutputs().get("resample")));
        }
        tails = stream.finish();
      }
      pieces.add(samplesOf(tails.audio("resample")));
      float[] streamed = concat(pieces);

      assertThat(streamed).as("seed %d", seed).hasSameSizeAs(unary);
      for (int i = 0; i < unary.length; i++) {
        assertThat(streamed[i]).as("sample %d, seed %d", i, seed)
            .isCloseTo(unary[i], within(1e-5f));
      }
      assertThat(tails.metrics().nodes()).extracting(node -> node.framesIn())
          .containsExactly((long) input.length, (long) input.length);
    }
    awaitTrue(() -> runner.streams().active() == 0, "the stream slots are freed");
  }

  @Test
  void manyStreams_chunksOnTheTransport_allResultsArrive() throws Exception {
    manyStreamsPushingAtOnce(StreamSettings.defaults());
  }

  @Test
  void manyStreams_onWorkersWithOneSlotAndAQueueOfOne_waitInsteadOfFailing() throws Exception {
    manyStreamsPushingAtOnce(new StreamSettings(StreamSettings.DEFAULT_IDLE_TIMEOUT_MS,
        StreamSettings.DEFAULT_MAX_SESSION_MS, ChunkThread.WORKERS));
  }

  private void manyStreamsPushingAtOnce(StreamSettings settings) throws Exception {
    // The runner's capacity bounds executions and open streams, never an open stream's chunks.
    start(settings, new ServerSettings(1 << 20),
        LocalPipelineRunner.builder().maxConcurrent(1).maxQueued(1).build());
    PipelineManifest manifest = new ManifestParser().parse(GAIN);
    int streams = 6;
    int chunks = 40;
    List<PipelineStream> open = new ArrayList<>();
    for (int i = 0; i < streams; i++) {
      open.add(client.openStream(OpenStreamRequest.of(manifest, MONO_48K)));
    }
    // Every stream pushes at once from its own thread: far more chunks than one worker and a
    // queue of one can take, which used to end streams with RESOURCE_EXHAUSTED.
    List<Thread> pushers = new ArrayList<>();
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger results = new AtomicInteger();
    for (PipelineStream stream : open) {
      Thread pusher = new Thread(() -> {
        try {
          for (long sequence = 0; sequence < chunks; sequence++) {
            stream.push(sequence, AudioBuffer.of(MONO_48K, new float[960]));
            results.incrementAndGet();
          }
          stream.finish();
        } catch (RuntimeException e) {
          failures.add(e);
        }
      });
      pusher.start();
      pushers.add(pusher);
    }
    for (Thread pusher : pushers) {
      pusher.join(TimeUnit.SECONDS.toMillis(60));
    }

    assertThat(failures).isEmpty();
    assertThat(results).hasValue(streams * chunks);
  }

  @Test
  void streamPipeline_firstMessageNotOpen_isInvalidArgument() throws Exception {
    start(StreamSettings.defaults());
    StreamRecorder recorder = new StreamRecorder();
    StreamObserver<StreamRequest> requests =
        PipelineServiceGrpc.newStub(rawChannel).streamPipeline(recorder);

    requests.onNext(StreamWire.chunk(0, AudioBuffer.of(MONO_48K, new float[] {0.1f})));

    StatusRuntimeException error = recorder.error();
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(error).getMessage())
        .isEqualTo("the first message of a stream must be open; got chunk");
    assertThat(recorder.responses).isEmpty();
  }

  @Test
  void streamPipeline_halfCloseBeforeAnyMessage_isInvalidArgumentAskingForOpen()
      throws Exception {
    start(StreamSettings.defaults());
    StreamRecorder recorder = new StreamRecorder();
    StreamObserver<StreamRequest> requests =
        PipelineServiceGrpc.newStub(rawChannel).streamPipeline(recorder);

    requests.onCompleted();

    StatusRuntimeException error = recorder.error();
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(error).getMessage())
        .isEqualTo("the client half-closed the stream before sending open");
  }

  @Test
  void streamPipeline_openWithoutInputFormat_isInvalidArgumentNamingTheField() throws Exception {
    start(StreamSettings.defaults());

    StatusRuntimeException error = openFails(StreamOpen.Builder::clearInputFormat);

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(error).getMessage()).startsWith("open.input_format is required");
  }

  @Test
  void streamPipeline_openWithoutManifest_isInvalidArgumentNamingTheField() throws Exception {
    start(StreamSettings.defaults());

    StatusRuntimeException error = openFails(StreamOpen.Builder::clearManifest);

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(error).getMessage())
        .isEqualTo("open.manifest is required: the pipeline to run on the stream");
  }

  @Test
  void streamPipeline_openWithOpusInputFormatEncoding_isInvalidArgumentNamingTheField()
      throws Exception {
    start(StreamSettings.defaults());

    // Chunks without an encoding of their own would be PCM whatever input_format says.
    StatusRuntimeException error = openFails(open -> open.setInputFormat(open.getInputFormat()
        .toBuilder().setEncoding(AudioEncoding.AUDIO_ENCODING_OPUS_PACKETS)));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(error).getType()).isEqualTo(ErrorType.ERROR_TYPE_INVALID_AUDIO);
    assertThat(detailOf(error).getMessage())
        .startsWith("open.input_format.encoding is AUDIO_ENCODING_OPUS_PACKETS, but")
        .contains("each chunk's audio.encoding names how that chunk is coded");
    awaitTrue(() -> runner.streams().active() == 0, "no stream slot is held");
  }

  @Test
  void streamPipeline_openWithAnOpusBitrateOutOfRange_isRefusedBeforeReady() throws Exception {
    start(StreamSettings.defaults());

    StatusRuntimeException error = openFails(open -> open.setClientProtocolVersion("v1.1")
        .putOutputEncodings("gain",
        io.remotemedia.proto.OutputEncoding.newBuilder()
            .setEncoding(AudioEncoding.AUDIO_ENCODING_OPUS_PACKETS).setBitrateBps(5000).build()));

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
    assertThat(detailOf(error).getType()).isEqualTo(ErrorType.ERROR_TYPE_INVALID_AUDIO);
    assertThat(detailOf(error).getMessage())
        .isEqualTo("output_encodings[\"gain\"]: the Opus bit rate must be in [6000, 510000]"
            + " bit/s, was 5000");
    awaitTrue(() -> runner.streams().active() == 0, "no stream slot is held");
  }

  /** Sends a Gain stream's {@code open} as {@code change} leaves it; returns how it failed. */
  private StatusRuntimeException openFails(UnaryOperator<StreamOpen.Builder> change)
      throws Exception {
    StreamRecorder recorder = new StreamRecorder();
    StreamObserver<StreamRequest> requests =
        PipelineServiceGrpc.newStub(rawChannel).streamPipeline(recorder);
    StreamRequest open = StreamWire.open(OpenStreamRequest.of(
        new ManifestParser().parse(GAIN), MONO_48K), "v1");

    requests.onNext(open.toBuilder().setOpen(change.apply(open.getOpen().toBuilder())).build());

    StatusRuntimeException error = recorder.error();
    assertThat(recorder.responses).as("no ready").isEmpty();
    return error;
  }

  @Test
  void push_sequenceOutOfOrder_isInvalidArgumentAndFreesTheSlot() throws Exception {
    start(StreamSettings.defaults());
    PipelineStream stream = client.openStream(
        OpenStreamRequest.of(new ManifestParser().parse(GAIN), MONO_48K));
    stream.push(0, AudioBuffer.of(MONO_48K, new float[] {0.5f}));

    assertThatThrownBy(() -> stream.push(2, AudioBuffer.of(MONO_48K, new float[] {0.5f})))
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_AUDIO);
          assertThat(e.getMessage()).isEqualTo("chunk sequence 2 is out of order; expected 1");
        });
    awaitTrue(() -> runner.streams().active() == 0, "the stream slot is freed");
  }

  @Test
  void cancel_freesTheServerSession() throws Exception {
    start(StreamSettings.defaults());
    PipelineStream stream = client.openStream(
        OpenStreamRequest.of(new ManifestParser().parse(GAIN_RESAMPLE), MONO_48K));
    stream.push(0, AudioBuffer.of(MONO_48K, signal(4800, 3)));
    assertThat(runner.streams().active()).isEqualTo(1);
    assertThat(server.streams().openCount()).isEqualTo(1);

    stream.cancel();

    awaitTrue(() -> runner.streams().active() == 0 && server.streams().openCount() == 0,
        "the server session ends and frees its slot");
    assertThatThrownBy(() -> stream.push(1, AudioBuffer.of(MONO_48K, new float[] {0f})))
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
          assertThat(e.getMessage()).isEqualTo("the stream was cancelled by the client");
        });
  }

  @Test
  void streamPipeline_cancelMessage_endsCancelledAndFreesTheSlot() throws Exception {
    start(StreamSettings.defaults());
    StreamRecorder recorder = new StreamRecorder();
    StreamObserver<StreamRequest> requests =
        PipelineServiceGrpc.newStub(rawChannel).streamPipeline(recorder);
    requests.onNext(StreamWire.open(OpenStreamRequest.of(
        new ManifestParser().parse(GAIN), MONO_48K), "v1"));
    awaitTrue(() -> !recorder.responses.isEmpty(), "ready arrives");
    assertThat(runner.streams().active()).isEqualTo(1);

    requests.onNext(StreamWire.cancel("user hung up"));

    StatusRuntimeException error = recorder.error();
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.CANCELLED);
    assertThat(detailOf(error).getMessage())
        .isEqualTo("stream cancelled by the client: user hung up");
    assertThat(recorder.responses).singleElement()
        .satisfies(response -> assertThat(response.hasReady()).isTrue());
    awaitTrue(() -> runner.streams().active() == 0, "the stream slot is freed");
  }

  @Test
  void maxSessionDuration_endsAnOpenStreamWithDeadlineExceeded() throws Exception {
    start(new StreamSettings(/* idleTimeoutMs= */ 60_000, /* maxSessionMs= */ 300));
    RemoteStreamSession session = client.openSession(
        OpenStreamRequest.of(new ManifestParser().parse(GAIN), MONO_48K));

    Iterator<StreamResult> results = session.results();

    assertThatThrownBy(results::hasNext)
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
          assertThat(e.getMessage()).isEqualTo("stream " + session.sessionId()
              + " reached the maximum session duration of 300 ms");
        });
    awaitTrue(() -> runner.streams().active() == 0, "the stream slot is freed");
  }

  @Test
  void idleTimeout_endsASilentStreamWithDeadlineExceeded() throws Exception {
    start(new StreamSettings(/* idleTimeoutMs= */ 200, /* maxSessionMs= */ 60_000));
    RemoteStreamSession session = client.openSession(
        OpenStreamRequest.of(new ManifestParser().parse(GAIN), MONO_48K));
    Iterator<StreamResult> results = session.results();

    assertThatThrownBy(results::hasNext)
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
          assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
          assertThat(e.getMessage()).startsWith("stream " + session.sessionId() + " was idle")
              .endsWith("within the idle timeout of 200 ms");
        });
    awaitTrue(() -> runner.streams().active() == 0, "the stream slot is freed");
  }

  @Test
  void idleTimeout_callThatNeverSendsOpen_saysTheStreamSentNoOpeningMessage() throws Exception {
    start(new StreamSettings(/* idleTimeoutMs= */ 200, /* maxSessionMs= */ 60_000));
    StreamRecorder recorder = new StreamRecorder();
    PipelineServiceGrpc.newStub(rawChannel).streamPipeline(recorder);

    StatusRuntimeException error = recorder.error();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(detailOf(error).getMessage())
        .startsWith("a stream that sent no opening message was idle for ")
        .endsWith(" ms: no message from the client and no result read within the idle"
            + " timeout of 200 ms");
    assertThat(recorder.responses).isEmpty();
  }

  @Test
  void slowSubscriber_serverQueuesAtMostOneResultAndStopsReading() throws Exception {
    start(StreamSettings.defaults());
    int chunks = 200;
    int frames = 9600; // 37.5 KiB per result: the transport windows fill after a few dozen
    RemoteStreamSession session = client.openSession(
        OpenStreamRequest.of(new ManifestParser().parse(GAIN), MONO_48K));
    SlowSubscriber subscriber = new SlowSubscriber();
    session.publisher().subscribe(subscriber);
    subscriber.subscription.request(1);
    AtomicInteger sent = new AtomicInteger();
    CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
      float[] chunk = signal(frames, 5);
      for (int i = 0; i < chunks; i++) {
        session.send(chunk);
        sent.incrementAndGet();
      }
    });

    // One snapshot for the checks: the next may catch the session between the client's window
    // update and its next held result.
    AtomicReference<StreamStatus> seen = new AtomicReference<>();
    awaitTrue(() -> {
      Optional<StreamStatus> waiting = server.streams().snapshot().stream()
          .filter(StreamStatus::waitingForClient).findFirst();
      waiting.ifPresent(seen::set);
      return waiting.isPresent();
    }, "the server holds a result back because the client does not read");
    StreamStatus stalled = seen.get();
    assertThat(stalled.queuedResults()).isEqualTo(1);
    assertThat(stalled.outstandingRequests()).as("chunks asked for while stalled").isZero();
    assertThat(stalled.messagesReceived()).isLessThan(1 + chunks);
    assertThat(sender).as("the sender is held back by flow control").isNotDone();
    // The server can fill the transport windows before the client's callback thread has
    // handed result 0 on: wait for it, then check that nothing beyond the demand came.
    awaitTrue(() -> !subscriber.results.isEmpty(), "the subscriber gets the result it asked for");
    assertThat(subscriber.results).hasSize(1);

    subscriber.subscription.request(Long.MAX_VALUE);
    sender.get(30, TimeUnit.SECONDS);
    assertThat(sent).hasValue(chunks);
    ExecutionResult tails = session.finish().get(30, TimeUnit.SECONDS);
    subscriber.completed.get(30, TimeUnit.SECONDS);

    assertThat(subscriber.results).extracting(StreamResult::sequence)
        .containsExactlyElementsOf(sequences(chunks));
    assertThat(tails.metrics().nodes()).singleElement()
        .satisfies(node -> assertThat(node.framesIn()).isEqualTo((long) chunks * frames));
  }

  @Test
  void listener_receivesEveryResultInOrderThenClosed() throws Exception {
    start(StreamSettings.defaults());
    List<StreamResult> results = new CopyOnWriteArrayList<>();
    CompletableFuture<ExecutionResult> closed = new CompletableFuture<>();
    RemoteStreamSession session = client.openSession(
        OpenStreamRequest.of(new ManifestParser().parse(GAIN), MONO_48K), new StreamListener() {
          @Override
          public void onResult(StreamResult result) {
            results.add(result);
          }

          @Override
          public void onClosed(ExecutionResult result) {
            closed.complete(result);
          }
        });

    for (int i = 0; i < 50; i++) {
      session.send(new float[] {0.5f, -0.5f, 0.25f});
    }
    ExecutionResult tails = session.finish().get(30, TimeUnit.SECONDS);

    assertThat(closed.get(30, TimeUnit.SECONDS)).isSameAs(tails);
    assertThat(results).extracting(StreamResult::sequence).containsExactlyElementsOf(
        sequences(50));
    assertThat(results).allSatisfy(result -> assertThat(result.audioOutputs().get("gain")
        .samples()).containsExactly(new float[] {0.25059f, -0.25059f, 0.12530f},
        within(1e-4f)));
  }

  @Test
  void iterator_receivesEveryPcm16ResultInOrder() throws Exception {
    start(StreamSettings.defaults());
    AudioFormat pcm16 = new AudioFormat(16000, 2, SampleFormat.I16);
    RemoteStreamSession session = client.openSession(
        OpenStreamRequest.of(new ManifestParser().parse(GAIN), pcm16));
    CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
      for (int i = 0; i < 40; i++) {
        session.send(ShortBuffer.wrap(new short[] {16384, -16384, 8192, 0}));
      }
      session.finish();
    });

    List<StreamResult> results = new ArrayList<>();
    session.results().forEachRemaining(results::add);
    sender.get(30, TimeUnit.SECONDS);

    assertThat(results).extracting(StreamResult::sequence).containsExactlyElementsOf(
        sequences(40));
    AudioBuffer first = results.get(0).audioOutputs().get("gain");
    assertThat(first.format()).isEqualTo(pcm16);
    assertThat(first.samples()).containsExactly(8211 / 32768f, -8211 / 32768f, 4106 / 32768f,
        0f);
    assertThat(session.finish().get(30, TimeUnit.SECONDS).metrics().nodes()).singleElement()
        .satisfies(node -> assertThat(node.framesIn()).isEqualTo(80));
  }

  @Test
  void drainAll_sendsDrainingToOpenStreams() throws Exception {
    start(StreamSettings.defaults());
    RemoteStreamSession session = client.openSession(
        OpenStreamRequest.of(new ManifestParser().parse(GAIN), MONO_48K));

    assertThat(server.streams().drainAll(/* deadlineMs= */ 5000)).isEqualTo(1);

    awaitTrue(() -> session.drainingDeadlineMs() == 5000, "the client sees draining");
    session.send(new float[] {0.5f});
    assertThat(session.results().next().sequence()).isZero();
    session.finish().get(30, TimeUnit.SECONDS);
  }

  private static List<Long> sequences(int count) {
    List<Long> sequences = new ArrayList<>();
    for (long i = 0; i < count; i++) {
      sequences.add(i);
    }
    return sequences;
  }

  /** A sine with a little seeded noise, in [-0.8, 0.8]. */
  /** Waits for a condition the server reaches asynchronously; fails after 20 s. */
  private static void awaitTrue(BooleanSupplier condition, String what) throws Exception {
    Await.until(what, 20, condition::getAsBoolean);
  }

  /** Requests only when the test says so. */
  private static final class SlowSubscriber implements Flow.Subscriber<StreamResult> {
    final List<StreamResult> results = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> completed = new CompletableFuture<>();
    volatile Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
    }

    @Override
    public void onNext(StreamResult result) {
      results.add(result);
    }

    @Override
    public void onError(Throwable t) {
      completed.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      completed.complete(null);
    }
  }
}
