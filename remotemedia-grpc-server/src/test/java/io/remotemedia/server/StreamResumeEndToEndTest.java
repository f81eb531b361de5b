package io.remotemedia.server;

import static io.remotemedia.server.StreamAudio.GAIN_RESAMPLE;
import static io.remotemedia.server.StreamAudio.concat;
import static io.remotemedia.server.StreamAudio.samplesOf;
import static io.remotemedia.server.StreamAudio.signal;
import static io.remotemedia.server.StreamRecorder.detailOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.prometheus.client.CollectorRegistry;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.client.RemoteStreamSession;
import io.remotemedia.client.StreamConnectionListener;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.auth.AuthInterceptor;
import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.metrics.ServerMetrics;
import io.remotemedia.server.quota.ClientQuotas;
import io.remotemedia.server.quota.QuotaLimits;
import io.remotemedia.server.quota.QuotaPolicy;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resumable streams on the real Netty server on a loopback port: the SDK through a TCP proxy
 * that cuts the connection at random points, and raw calls for the protocol's edges (expiry,
 * another client's token, the bound on unacknowledged results, resuming turned off).
 */
class StreamResumeEndToEndTest {
  private static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);
  private static final int CUTS = 24;
  /** What {@link #keepPaceWithCuts} may still wait in all. */
  private long pacingLeftNanos = TimeUnit.SECONDS.toNanos(60);

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private RemoteMediaServer server;
  private LocalPipelineRunner runner;
  private CuttingProxy proxy;
  private final CountingConnections connections = new CountingConnections();

  @AfterEach
  void stop() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
    if (proxy != null) {
      proxy.close();
    }
    server.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void openStream_connectionCutAtRandomPoints_equalsUnaryOutputBitForBit() throws Exception {
    start(StreamSettings.defaults());
    PipelineManifest manifest = new ManifestParser().parse(GAIN_RESAMPLE);
    float[] input = signal(4 * 48_000 + 77, 11);
    float[] unary = unary(manifest, input);
    RemoteMediaClient client = resumingClient();
    Random chunking = new Random(7);
    List<float[]> pieces = new ArrayList<>();
    try (PipelineStream stream = client.openStream(OpenStreamRequest.of(manifest, MONO_48K))) {
      // Armed once the session is open: a stream whose ready never arrived has no token.
      cutWhileStreaming(/* seed= */ 20261203);
      int offset = 0;
      for (long sequence = 0; offset < input.length; sequence++) {
        int frames = Math.min(input.length - offset, 200 + chunking.nextInt(2800));
        awaitResumedFromEveryCut();
        StreamResult result = stream.push(sequence, AudioBuffer.of(MONO_48K,
            Arrays.copyOfRange(input, offset, offset + frames)));
        offset += frames;
        assertThat(result.sequence()).isEqualTo(sequence);
        pieces.add(samplesOf(result.audioOutputs().get("resample")));
      }
      pieces.add(samplesOf(stream.finish().audio("resample")));
    }
    proxy.cutRandomly(0, 0, 1, 1, () -> false);

    assertBitForBit(concat(pieces), unary);
    assertCallbacksMatchCuts();
    Await.until("the finished session is freed", 20,
        () -> server.streams().openCount() == 0 && runner.streams().active() == 0);
  }

  @Test
  void openStream_opusChunksAndOpusOutput_connectionCut_equalsTheLocalStream() throws Exception {
    start(StreamSettings.defaults());
    OpenStreamRequest request = OpenStreamRequest.of(new ManifestParser().parse(GAIN_RESAMPLE),
            new AudioFormat(48000, 1, SampleFormat.I16))
        .withOutputEncodings(Map.of("resample", OutputEncoding.of(AudioEncoding.OPUS_PACKETS)));
    List<EncodedAudio> chunks = OggPackets.chunks(OggPackets.speech(), new int[] {2, 1, 3},
        /* packetDurationUs= */ 20_000, /* sampleRateHz= */ 48000);
    List<EncodedAudio> local = codedOutputs(runner, request, chunks, () -> { });
    RemoteMediaClient client = resumingClient();

    // Armed once the session is open. Opus is small on the wire: cut often, so that resends
    // of coded chunks and replays of coded results both happen.
    List<EncodedAudio> remote = codedOutputs(client, request, chunks,
        () -> proxy.cutRandomly(/* seed= */ 1414, 8, 200, 3000,
            () -> connections.resumed.get() == proxy.cuts()));
    proxy.cutRandomly(0, 0, 1, 1, () -> false);

    assertThat(connections.disconnected.get()).as("disconnected callbacks after %d cuts",
        proxy.cuts()).isPositive();
    assertThat(remote).hasSameSizeAs(local);
    for (int i = 0; i < local.size(); i++) {
      assertThat(remote.get(i).packetLengths()).as("result %d", i)
          .isEqualTo(local.get(i).packetLengths());
      assertThat(remote.get(i).bytes()).as("result %d", i).isEqualTo(local.get(i).bytes());
    }
  }

  /** Streams coded chunks; returns each result's coded "resample" output, then the tail's. */
  private static List<EncodedAudio> codedOutputs(PipelineRunner runner,
      OpenStreamRequest request, List<EncodedAudio> chunks, Runnable opened) {
    List<EncodedAudio> outputs = new ArrayList<>();
    try (PipelineStream stream = runner.openStream(request)) {
      opened.run();
      for (int i = 0; i < chunks.size(); i++) {
        outputs.add(stream.push(i, chunks.get(i)).encodedOutputs().get("resample"));
      }
      outputs.add(stream.finish().encodedOutputs().get("resample"));
    }
    return outputs;
  }

  @Test
  void openSession_prefetchingWhileCut_equalsUnaryOutputBitForBit() throws Exception {
    start(StreamSettings.defaults());
    PipelineManifest manifest = new ManifestParser().parse(GAIN_RESAMPLE);
    float[] input = signal(10 * 48_000 + 5, 12);
    float[] unary = unary(manifest, input);
    RemoteMediaClient client = resumingClient();
    RemoteStreamSession session = client.openSession(OpenStreamRequest.of(manifest, MONO_48K));
    closeables.add(session);
    cutWhileStreaming(/* seed= */ 42);
    assertThat(session.isResumable()).isTrue();
    CompletableFuture<List<float[]>> read = CompletableFuture.supplyAsync(() -> {
      List<float[]> pieces = new ArrayList<>();
      long expected = 0;
      for (Iterator<StreamResult> results = session.results(); results.hasNext(); expected++) {
        StreamResult result = results.next();
        if (result.sequence() != expected) {
          throw new AssertionError("result " + result.sequence() + " where " + expected
              + " was due");
        }
        pieces.add(samplesOf(result.audioOutputs().get("resample")));
      }
      return pieces;
    });
    // A reader that fails stops consuming: cancel, so the sends below fail instead of waiting.
    read.whenComplete((pieces, failure) -> {
      if (failure != null) {
        session.cancel();
      }
    });
    Random chunking = new Random(8);
    for (int offset = 0; offset < input.length; ) {
      int frames = Math.min(input.length - offset, 200 + chunking.nextInt(2800));
      keepPaceWithCuts(offset, input.length);
      try {
        session.send(Arrays.copyOfRange(input, offset, offset + frames));
      } catch (RemoteMediaException e) {
        read.get(); // The reader's failure, if that is why.
        throw e;
      }
      offset += frames;
    }
    ExecutionResult tails = session.finish().get(60, TimeUnit.SECONDS);
    List<float[]> pieces = new ArrayList<>(read.get(60, TimeUnit.SECONDS));
    proxy.cutRandomly(0, 0, 1, 1, () -> false);
    pieces.add(samplesOf(tails.audio("resample")));

    assertBitForBit(concat(pieces), unary);
    assertCallbacksMatchCuts();
  }

  /**
   * A network change at the client's open_streams quota of 1: the client's side of the
   * connection goes, the server's stays open, so the server still holds the old call (and the
   * quota's one place) when the SDK resumes. The resume takes that call over.
   */
  @Test
  void openStream_atTheOpenStreamsQuota_resumesWhileTheServerStillHoldsTheOldCall()
      throws Exception {
    start(StreamSettings.defaults(), Observability.defaults().withQuotas(ClientQuotas.create(
        new QuotaPolicy(new QuotaLimits(0, 1, 0), Map.of()))));
    streamTenChunksWithOutage(() -> proxy.abandonAll());

    assertOneOutageTold();
  }

  @Test
  void resume_refusedAsBusy_isTriedAgainWithinTheWindow() throws Exception {
    CollectorRegistry registry = new CollectorRegistry();
    start(StreamSettings.defaults(), Observability.defaults()
        .withMetrics(ServerMetrics.register(registry)), ServerSettings
        .defaults(ExecutionLimits.DEFAULTS.maxInputSamples())
        .withRequestArrival(/* maxCalls= */ 1, /* maxPerConnection= */ 1,
            Duration.ofSeconds(60)));
    streamTenChunksWithOutage(() -> {
      // A call that sends nothing takes the one place of calls waiting for their first
      // message: the server refuses the resume calls as BUSY until it ends.
      ClientCallStreamObserver<StreamRequest> silent = (ClientCallStreamObserver<
          StreamRequest>) PipelineServiceGrpc.newStub(rawChannel())
          .streamPipeline(new StreamRecorder());
      // Its headers must reach the server before the resume's do: a probe is refused then.
      Await.until("the silent call holds the place", 10, () -> {
        try {
          PipelineServiceGrpc.newBlockingStub(rawChannel())
              .getVersion(VersionRequest.getDefaultInstance());
          return false;
        } catch (StatusRuntimeException e) {
          return e.getStatus().getCode() == Status.Code.RESOURCE_EXHAUSTED;
        }
      });
      Await.until("the probe's refusal is counted", 10, () -> busyRefusals(registry) >= 1);
      double probesRefused = busyRefusals(registry);
      proxy.cutAll();
      Await.until("a resume refused as busy", 20,
          () -> busyRefusals(registry) > probesRefused);
      silent.cancel("the test frees its place", null);
    });

    assertOneOutageTold();
  }

  /**
   * Asserts that the SDK told of one break and one resume. It tells of them on its listener
   * thread, which on a loaded machine ran after the stream had ended (the resume counted 0 in
   * 2 runs of this class in 40 under two CPU burners): the resume is waited for first.
   */
  private void assertOneOutageTold() throws Exception {
    Await.until("the resume was told", 10, () -> connections.resumed.get() > 0);
    assertThat(connections.disconnected.get()).isEqualTo(1);
    assertThat(connections.resumed.get()).isEqualTo(1);
  }

  /** What happens to a stream's connection while it streams. */
  private interface Outage {
    void happen() throws Exception;
  }

  /**
   * Streams a second of audio in ten chunks through a resuming client, with {@code outage}
   * before the sixth, and asserts the results equal the unary run's.
   */
  private void streamTenChunksWithOutage(Outage outage) throws Exception {
    PipelineManifest manifest = new ManifestParser().parse(GAIN_RESAMPLE);
    float[] input = signal(48_000, 5);
    float[] unary = unary(manifest, input);
    RemoteMediaClient client = resumingClient();
    List<float[]> pieces = new ArrayList<>();
    try (PipelineStream stream = client.openStream(OpenStreamRequest.of(manifest, MONO_48K))) {
      for (int sequence = 0; sequence < 10; sequence++) {
        if (sequence == 5) {
          outage.happen();
        }
        StreamResult result = stream.push(sequence, AudioBuffer.of(MONO_48K,
            Arrays.copyOfRange(input, sequence * 4800, (sequence + 1) * 4800)));
        pieces.add(samplesOf(result.audioOutputs().get("resample")));
      }
      pieces.add(samplesOf(stream.finish().audio("resample")));
    }
    assertBitForBit(concat(pieces), unary);
  }

  private static double busyRefusals(CollectorRegistry registry) {
    Double value = registry.getSampleValue("errors_total", new String[] {"type"},
        new String[] {"busy"});
    return value == null ? 0 : value;
  }

  @Test
  void resume_afterTheWindowPassed_isNotFoundAndTheSessionIsFreed() throws Exception {
    start(StreamSettings.defaults().withResume(/* windowMs= */ 200,
        StreamSettings.DEFAULT_RESUME_BUFFER_BYTES));
    ManagedChannel channel = rawChannel();
    RawStreamCall first = RawStreamCall.open(channel, GAIN_RESAMPLE);
    first.chunk(0, new float[4800], 0);
    first.awaitResponses(2);
    first.breakConnection();
    Await.until("the kept session expires", 20, () -> server.streams().openCount() == 0);
    assertThat(runner.streams().active()).as("stream slots held").isZero();

    RawStreamCall late = RawStreamCall.resume(channel, first.token(), 1);
    StatusRuntimeException error = late.recorder.error();

    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    ErrorDetail detail = detailOf(error);
    assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_NOT_FOUND);
    assertThat(detail.getMessage()).startsWith(
        "the stream session's resume window of 200 ms passed ").endsWith(
        " ms ago and the server ended it; open a new stream");
  }

  @Test
  void shutdown_withAKeptAndAFinishedSession_givesTheRunnerItsSlotsAndMemoryBack()
      throws Exception {
    start(StreamSettings.defaults());
    long idleBytes = runner.memory().usedBytes();
    ManagedChannel channel = rawChannel();
    RawStreamCall kept = RawStreamCall.open(channel, GAIN_RESAMPLE);
    kept.chunk(0, new float[4800], 0);
    kept.awaitResponses(2);
    kept.breakConnection();
    RawStreamCall finished = RawStreamCall.open(channel, GAIN_RESAMPLE);
    finished.chunk(0, new float[4800], 0);
    finished.requests.onNext(StreamWire.close());
    finished.requests.onCompleted();
    finished.recorder.end.get(20, TimeUnit.SECONDS);
    Await.until("one session kept, the other finished", 20,
        () -> server.streams().keptCount() == 1 && server.streams().openCount() == 1);
    assertThat(runner.memory().usedBytes()).as("both sessions' results, kept for a resume")
        .isGreaterThan(idleBytes);

    // Within the 30 s resume window: nothing would give them back but the shutdown.
    server.shutdown(Duration.ofSeconds(5));

    assertThat(runner.streams().active()).as("stream slots held").isZero();
    assertThat(runner.memory().usedBytes()).as("memory counted").isEqualTo(idleBytes);
  }

  @Test
  void resume_ofAKeptSession_replaysWhatTheClientMissedAndCarriesOn() throws Exception {
    start(StreamSettings.defaults());
    ManagedChannel channel = rawChannel();
    RawStreamCall first = RawStreamCall.open(channel, GAIN_RESAMPLE);
    first.chunk(0, new float[4800], 0);
    first.chunk(1, new float[4800], 0);
    first.awaitResponses(3);
    first.breakConnection();
    Await.until("the session is kept", 20, () -> server.streams().keptCount() == 1);

    // Claims result 0 only: result 1 is replayed, and chunk 2 comes next.
    RawStreamCall resumed = RawStreamCall.resume(channel, first.token(), 1);
    resumed.awaitResponses(2);
    assertThat(resumed.recorder.responses.get(0).getResumed().getNextChunkSequence())
        .isEqualTo(2);
    assertThat(resumed.recorder.responses.get(0).getResumed().getReplayedResults())
        .isEqualTo(1);
    assertThat(resumed.recorder.responses.get(1).getResult().getSequence()).isEqualTo(1);
    resumed.chunk(2, new float[4800], 2);
    resumed.awaitResponses(3);
    assertThat(resumed.recorder.responses.get(2).getResult().getSequence()).isEqualTo(2);
    assertThat(server.streams().keptCount()).isZero();
  }

  @Test
  void resume_withAnotherClientsToken_isNotFoundLikeAnUnknownToken() throws Exception {
    startWithTokens();
    ManagedChannel channel = rawChannel();
    RawStreamCall alices = RawStreamCall.open(channel, GAIN_RESAMPLE, "alice-token");
    alices.chunk(0, new float[4800], 0);
    alices.awaitResponses(2);
    alices.breakConnection();
    Await.until("alice's session is kept", 20, () -> server.streams().keptCount() == 1);

    StatusRuntimeException bobs =
        RawStreamCall.resume(channel, alices.token(), 1, "bob-token").recorder.error();
    StatusRuntimeException unknown =
        RawStreamCall.resume(channel, "no-such-token", 1, "bob-token").recorder.error();

    assertThat(bobs.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
    assertThat(detailOf(bobs).getMessage()).isEqualTo(detailOf(unknown).getMessage())
        .startsWith("no stream session to resume for this token");
    // Bob's attempt changed nothing: alice still resumes her session.
    RawStreamCall resumed = RawStreamCall.resume(channel, alices.token(), 1, "alice-token");
    resumed.awaitResponses(1);
    assertThat(resumed.recorder.responses.get(0).hasResumed()).isTrue();
  }

  @Test
  void unacknowledgedResults_overTheBound_failTheSessionNamingTheLimit() throws Exception {
    start(StreamSettings.defaults().withResume(StreamSettings.DEFAULT_RESUME_WINDOW_MS,
        /* bufferBytes= */ 40_000));
    ManagedChannel channel = rawChannel();
    // Each result holds 1600 frames of 16 kHz float, about 6.4 KB.
    RawStreamCall acking = RawStreamCall.open(channel, GAIN_RESAMPLE);
    for (int sequence = 0; sequence < 20; sequence++) {
      acking.chunk(sequence, new float[4800], sequence);
      acking.awaitResponses(sequence + 2);
    }
    RawStreamCall silent = RawStreamCall.open(channel, GAIN_RESAMPLE);
    int sent = 0;
    while (!silent.recorder.end.isDone() && sent < 20) {
      silent.chunk(sent, new float[4800], 0);
      int answered = ++sent + 1;
      Await.until("an answer to the chunk", 20,
          () -> silent.recorder.end.isDone() || silent.recorder.responses.size() >= answered);
    }

    StatusRuntimeException error = silent.recorder.error();
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    ErrorDetail detail = detailOf(error);
    assertThat(detail.getLimit().getLimit()).isEqualTo("streams.resume_buffer_bytes");
    assertThat(detail.getLimit().getLimitValue()).isEqualTo(40_000);
    assertThat(detail.getLimit().getActualValue()).isGreaterThan(40_000);
    assertThat(sent).isBetween(6, 8);
    assertThat(acking.recorder.end).isNotDone();
  }

  @Test
  void resumeWindowZero_streamsAsBeforeAndACutEndsTheSession() throws Exception {
    start(StreamSettings.defaults().withResume(0, StreamSettings.DEFAULT_RESUME_BUFFER_BYTES));
    PipelineManifest manifest = new ManifestParser().parse(GAIN_RESAMPLE);
    RemoteMediaClient client = resumingClient();
    PipelineStream stream = client.openStream(OpenStreamRequest.of(manifest, MONO_48K));
    closeables.add(stream);
    assertThat(stream.push(0, AudioBuffer.of(MONO_48K, new float[4800])).sequence()).isZero();

    proxy.cutAll();

    assertThatThrownBy(() -> stream.push(1, AudioBuffer.of(MONO_48K, new float[4800])))
        .isInstanceOfSatisfying(RemoteMediaException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
    Await.until("the server frees the session", 20,
        () -> server.streams().openCount() == 0 && runner.streams().active() == 0);
    assertThat(connections.disconnected.get()).isZero();
  }

  @Test
  void resumableSessionCancelledByItsClient_endsOnTheServerInsteadOfBeingKept()
      throws Exception {
    start(StreamSettings.defaults());
    RemoteMediaClient client = resumingClient();
    // The cancel once raced the reset that followed it; a few sessions show a lost one.
    for (int i = 0; i < 5; i++) {
      RemoteStreamSession session = client.openSession(
          OpenStreamRequest.of(new ManifestParser().parse(GAIN_RESAMPLE), MONO_48K));
      session.send(new float[4800]);
      assertThat(session.results().next().sequence()).isZero();
      assertThat(session.isResumable()).isTrue();

      session.cancel();

      Await.until("the server ends the cancelled session", 5,
          () -> server.streams().openCount() == 0 && runner.streams().active() == 0);
      assertThat(server.streams().keptCount()).as("sessions kept for a resume").isZero();
    }
  }

  @Test
  void clientClosedWithAResumableStreamOpen_endsTheSessionInsteadOfKeepingIt() throws Exception {
    start(StreamSettings.defaults());
    RemoteMediaClient client = resumingClient();
    RemoteStreamSession session = client.openSession(
        OpenStreamRequest.of(new ManifestParser().parse(GAIN_RESAMPLE), MONO_48K));
    session.send(new float[4800]);
    assertThat(session.results().next().sequence()).isZero();
    assertThat(session.isResumable()).isTrue();

    client.close(); // Its 5 s for calls to finish pass: the stream is left open.

    // A closing client is no broken connection: its server is told so, and does not keep the
    // session and its stream slot for the resume window (30 s).
    Await.until("the server ends the session", 5,
        () -> server.streams().openCount() == 0 && runner.streams().active() == 0);
    assertThat(server.streams().keptCount()).isZero();
  }

  private void start(StreamSettings settings) throws Exception {
    start(settings, Observability.defaults());
  }

  private void start(StreamSettings settings, Observability observability) throws Exception {
    start(settings, observability,
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()));
  }

  private void start(StreamSettings settings, Observability observability,
      ServerSettings serverSettings) throws Exception {
    runner = LocalPipelineRunner.create();
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)), runner,
        serverSettings, observability, settings);
    server.start();
    proxy = new CuttingProxy(server.port());
  }

  /** Starts a server that knows the clients alice and bob by their tokens. */
  private void startWithTokens() throws Exception {
    TokenSet tokens = TokenSet.of(Map.of("alice", TokenSet.sha256("alice-token"),
        "bob", TokenSet.sha256("bob-token")));
    start(StreamSettings.defaults(), Observability.defaults().withAuthentication(
        new AuthInterceptor(() -> tokens, Set.of(), (reason, method) -> { })));
  }

  private RemoteMediaClient resumingClient() {
    RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + proxy.port())
        .deadline(Duration.ofSeconds(20))
        .resumeStreams(true)
        .streamConnectionListener(connections)
        .build();
    closeables.add(client);
    return client;
  }

  private float[] unary(PipelineManifest manifest, float[] input) {
    RemoteMediaClient direct = RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.port()).deadline(Duration.ofSeconds(20)).build();
    closeables.add(direct);
    return samplesOf(direct.execute(ExecutionRequest.of(manifest, "gain",
        AudioBuffer.of(MONO_48K, input))).audio("resample"));
  }

  private ManagedChannel rawChannel() {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().build();
    closeables.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return channel;
  }

  /**
   * Cuts the proxied connection {@value #CUTS} times at random points, each once the session
   * has resumed from the cut before.
   */
  private void cutWhileStreaming(long seed) {
    proxy.cutRandomly(seed, CUTS, 500, 10_000,
        () -> connections.resumed.get() == proxy.cuts());
  }

  /**
   * Holds a sender that does not wait for results back until the cuts due by {@code offset} of
   * {@code length} samples have happened, for at most 2 s per chunk and 60 s in all (so that a
   * proxy that stopped cutting fails the test in a minute, not hangs it). Each cut waits for
   * the session to resume, and sends meanwhile go into the replay buffer, so an unpaced sender
   * can finish the stream before most of the {@value #CUTS} cuts. The bound per chunk was
   * 200 ms: on a loaded machine resumes took longer, and the stream ended after 6 cuts.
   */
  private void keepPaceWithCuts(int offset, int length) throws InterruptedException {
    long due = (long) CUTS * offset / length;
    long start = System.nanoTime();
    long giveUpAt = start + Math.min(TimeUnit.SECONDS.toNanos(2), pacingLeftNanos);
    while (proxy.cuts() < due && System.nanoTime() < giveUpAt) {
      Thread.sleep(1);
    }
    pacingLeftNanos -= System.nanoTime() - start;
  }

  /**
   * Waits until the session has told of its resume from every cut so far: the proxy arms its
   * next cut only then, and the bytes a push sends before would not count towards it. The SDK
   * tells of a resume on its listener thread, after the resumed call has carried on; on a
   * loaded machine that thread ran late, a stream of pushes went on meanwhile, and the stream
   * ended after 10 or 11 cuts instead of at least 20 (2 runs in 14 under two CPU burners).
   */
  private void awaitResumedFromEveryCut() throws Exception {
    Await.until("the session told of its resume from every cut", 20,
        () -> connections.resumed.get() == proxy.cuts());
  }

  private void assertCallbacksMatchCuts() throws Exception {
    Await.until("a resumed callback per disconnected one", 20,
        () -> connections.resumed.get() == connections.disconnected.get());
    assertThat(connections.disconnected.get())
        .as("disconnected callbacks, against %d cuts", proxy.cuts())
        .isGreaterThanOrEqualTo(20)
        // The last cut may land in the call's trailers, after closed: nothing to resume.
        .isBetween(proxy.cuts() - 1, proxy.cuts());
  }

  private static void assertBitForBit(float[] streamed, float[] unary) {
    assertThat(streamed).as("frames").hasSameSizeAs(unary);
    for (int i = 0; i < unary.length; i++) {
      if (Float.floatToRawIntBits(streamed[i]) != Float.floatToRawIntBits(unary[i])) {
        throw new AssertionError("sample " + i + " differs: streamed " + streamed[i]
            + ", unary " + unary[i]);
      }
    }
  }

  /** Counts the SDK's connection callbacks. */
  private static final class CountingConnections implements StreamConnectionListener {
    final AtomicInteger disconnected = new AtomicInteger();
    final AtomicInteger resumed = new AtomicInteger();

    @Override
    public void onDisconnected(String sessionId, RemoteMediaException cause) {
      disconnected.incrementAndGet();
    }

    @Override
    public void onResumed(String sessionId, long replayedResults) {
      resumed.incrementAndGet();
    }
  }
}
