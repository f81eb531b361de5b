package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ForwardingServerCallListener;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.client.RemoteMediaAuthenticationException;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.server.auth.AuthFailureListener;
import io.remotemedia.server.auth.AuthInterceptor;
import io.remotemedia.server.auth.TokenSet;
import io.remotemedia.server.config.ConfigException;
import io.remotemedia.server.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token authentication on the real Netty server on loopback, through the SDK. */
class AuthEndToEndTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1",
       "nodes": [{"id": "gain", "node_type": "Gain", "params": {"gain_db": 0}}]}
      """);
  private static final String GENERIC = "missing or invalid credentials";

  @TempDir Path temp;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final List<AuthFailureListener.Reason> failures = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<String> seenClientNames = new ConcurrentLinkedQueue<>();
  private ConfiguredServer server;
  private Path tokensFile;
  private Path configFile;

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
    if (server != null) {
      server.shutdown(Duration.ofSeconds(5));
    }
  }

  @Test
  void execute_missingWrongOrMalformedToken_isUnauthenticatedWithOneGenericMessage()
      throws Exception {
    start("tokens_file_check_ms: 0");

    for (RemoteMediaClient client : List.of(client(null), client("wrong-token"))) {
      assertThatThrownBy(() -> client.execute(request(1)))
          .isInstanceOfSatisfying(RemoteMediaAuthenticationException.class, e -> {
            assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(e.kind()).isEqualTo(ErrorKind.UNAUTHENTICATED);
            assertThat(e.getMessage()).isEqualTo(GENERIC);
          });
    }
    Metadata basic = new Metadata();
    basic.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Basic YWxpY2U6c2VjcmV0");
    assertThatThrownBy(() -> rawStub().withInterceptors(
            MetadataUtils.newAttachHeadersInterceptor(basic))
        .getVersion(VersionRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).isEqualTo(GENERIC);
        });
    assertThat(failures).containsExactly(AuthFailureListener.Reason.MISSING,
        AuthFailureListener.Reason.UNKNOWN_TOKEN, AuthFailureListener.Reason.MALFORMED);
    assertThat(seenClientNames).isEmpty();
  }

  @Test
  void execute_rightToken_runsAndTheClientNameIsInTheCallContext() throws Exception {
    start("tokens_file_check_ms: 0");

    AudioBuffer out = client("alice-token").execute(request(2)).audio("gain");
    client("bob-token").serverInfo();

    assertThat(out.frameCount()).isEqualTo(2);
    // alice's client negotiates the version (GetVersion) before its first execution.
    assertThat(seenClientNames).containsExactly("alice", "alice", "bob");
    assertThat(failures).isEmpty();
  }

  @Test
  void metrics_countCallsByClientNameAndRefusals() throws Exception {
    start("tokens_file_check_ms: 0", "", "{enabled: true, port: 0}");

    client("alice-token").execute(request(2));
    client("alice-token").serverInfo();
    client("bob-token").serverInfo();
    assertThatThrownBy(() -> client("mallory-token").serverInfo())
        .isInstanceOf(RemoteMediaException.class);

    String exposition = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + server.metricsPort().orElseThrow() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(exposition)
        .contains("client_requests_total{client=\"alice\",method=\"ExecutePipeline\",} 1.0")
        // The SDK also asks GetVersion once per client to negotiate the protocol version.
        .containsPattern("client_requests_total\\{client=\"alice\",method=\"GetVersion\",\\}"
            + " [1-9]")
        .containsPattern("client_requests_total\\{client=\"bob\",method=\"GetVersion\",\\}"
            + " [1-9]")
        .contains("auth_failures_total 1.0")
        .contains("grpc_requests_total{method=\"GetVersion\",code=\"UNAUTHENTICATED\",} 1.0")
        // alice's 2 frames at 8 kHz; bob ran no pipeline, and is exported at 0 because he is
        // in the tokens file.
        .contains("client_audio_seconds_processed_total{client=\"alice\",} 2.5E-4")
        .contains("client_audio_seconds_processed_total{client=\"bob\",} 0.0")
        .contains("max_open_streams " + LocalPipelineRunner.DEFAULT_MAX_STREAMS + ".0")
        .doesNotContain("mallory");
  }

  @Test
  void call_twoAuthorizationHeaders_isRefusedSayingSoEvenIfOneIsRight() throws Exception {
    start("tokens_file_check_ms: 0");
    Metadata.Key<String> authorization =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    Metadata two = new Metadata();
    two.put(authorization, "Bearer wrong-token");
    two.put(authorization, "Bearer alice-token");

    assertThatThrownBy(() -> rawStub().withInterceptors(
            MetadataUtils.newAttachHeadersInterceptor(two))
        .getVersion(VersionRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription())
              .isEqualTo("the call carries 2 authorization headers; send exactly one");
        });
    assertThat(failures).containsExactly(AuthFailureListener.Reason.DUPLICATE);
    assertThat(seenClientNames).isEmpty();
  }

  @Test
  void repeatedFailures_blockThatAddressOnly_andAreCounted() throws Exception {
    start("""
        tokens_file_check_ms: 0
          max_failures_per_peer: 5
          failure_window_ms: 60000
          failure_block_ms: 60000""", "", "{enabled: true, port: 0}");
    RemoteMediaClient guesser = client("wrong-token");
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(guesser::serverInfo)
          .isInstanceOfSatisfying(RemoteMediaException.class, e ->
              assertThat(e.getMessage()).isEqualTo(GENERIC));
    }

    // From 127.0.0.1 even the right token is now refused, unchecked, until the block ends.
    assertThatThrownBy(() -> client("alice-token").serverInfo())
        .isInstanceOfSatisfying(RemoteMediaAuthenticationException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getMessage()).matches("too many failed authentications from this"
              + " address; retry in \\d+ s");
        });
    // Another address (127.0.0.2 is loopback too on Linux) is served as before.
    ManagedChannel other = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext()
        .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
          @Override
          public java.net.SocketAddress createSocketAddress(java.net.SocketAddress remote,
              io.grpc.Attributes attributes) {
            return new java.net.InetSocketAddress("127.0.0.2", 0);
          }
        })
        .build();
    closeables.add(() -> other.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    Metadata bob = new Metadata();
    bob.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
        "Bearer bob-token");
    assertThat(PipelineServiceGrpc.newBlockingStub(other)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(bob))
        .withDeadlineAfter(20, TimeUnit.SECONDS)
        .getVersion(VersionRequest.getDefaultInstance()).getServerVersion()).isNotEmpty();
    assertThat(seenClientNames).containsExactly("bob");

    String exposition = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
            "http://127.0.0.1:" + server.metricsPort().orElseThrow() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(exposition)
        .contains("auth_failures_total 5.0")
        .contains("auth_peer_blocks_total 1.0")
        .containsPattern("auth_throttled_total [1-9]");
    assertThat(failures).startsWith(AuthFailureListener.Reason.UNKNOWN_TOKEN,
        AuthFailureListener.Reason.UNKNOWN_TOKEN, AuthFailureListener.Reason.UNKNOWN_TOKEN,
        AuthFailureListener.Reason.UNKNOWN_TOKEN, AuthFailureListener.Reason.UNKNOWN_TOKEN,
        AuthFailureListener.Reason.THROTTLED);
  }

  @Test
  void exemptMethod_needsNoToken_whileOthersStillDo() throws Exception {
    // The client watches grpc.health.v1 to pick replicas, so Watch stays exempt as by default.
    start("exempt_methods: [grpc.health.v1.Health/Watch,"
        + " remotemedia.v1.PipelineService/GetVersion]");
    RemoteMediaClient anonymous = client(null);

    assertThat(anonymous.serverInfo().compatible()).isTrue();
    assertThatThrownBy(() -> anonymous.execute(request(1)))
        .isInstanceOfSatisfying(RemoteMediaAuthenticationException.class, e ->
            assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  @Test
  void healthNotExempt_anonymousClientGetsAnAuthenticationErrorNamingTheHealthService()
      throws Exception {
    start("exempt_methods: [remotemedia.v1.PipelineService/GetVersion]");

    assertThatThrownBy(() -> client(null).serverInfo())
        .isInstanceOfSatisfying(RemoteMediaAuthenticationException.class, e ->
            assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED))
        .hasMessageStartingWith("the server's health service (grpc.health.v1.Health) refused"
            + " this client's credentials");
    assertThat(client("alice-token").execute(request(1)).audio("gain").frameCount())
        .as("the token also goes with the health checks").isEqualTo(1);
  }

  @Test
  void openStream_rightToken_runsAndWrongTokenIsAuthenticationError() throws Exception {
    start("tokens_file_check_ms: 0");
    AudioFormat format = AudioFormat.f32(8000, 1);

    try (PipelineStream stream = client("alice-token").openStream(
        OpenStreamRequest.of(GAIN, format))) {
      assertThat(stream.push(0, AudioBuffer.of(format, new float[4])).audioOutputs()
          .get("gain").frameCount()).isEqualTo(4);
      stream.finish();
    }
    assertThatThrownBy(() -> client("wrong-token").openStream(
            OpenStreamRequest.of(GAIN, format)))
        .isInstanceOf(RemoteMediaAuthenticationException.class)
        .hasMessage(GENERIC);
  }

  @Test
  void tokensFile_rewrittenWhileCallsRun_swapsWithoutFailingAnyCall() throws Exception {
    // Polling with carol's token until the new file is read is a run of failed
    // authentications from 127.0.0.1; the throttle would block alice's address with them.
    start("""
        tokens_file_check_ms: 20
          max_failures_per_peer: 0""");
    RemoteMediaClient alice = client("alice-token");
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger succeeded = new AtomicInteger();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    Thread caller = new Thread(() -> {
      while (running.get()) {
        try {
          alice.execute(request(4));
          succeeded.incrementAndGet();
        } catch (RemoteMediaException e) {
          errors.add(e);
        }
      }
    });
    caller.start();
    try {
      writeTokens(Map.of("alice", "alice-token", "carol", "carol-token"));
      awaitAccepted(client("carol-token"));
      writeTokens(Map.of("alice", "alice-token"));
      awaitRefused(client("carol-token"));
    } finally {
      running.set(false);
      caller.join(TimeUnit.SECONDS.toMillis(30));
    }

    assertThat(errors).isEmpty();
    assertThat(succeeded.get()).isPositive();
  }

  @Test
  void reload_changedTokensFile_appliesWithoutRestart() throws Exception {
    start("tokens_file_check_ms: 0");
    writeTokens(Map.of("dave", "dave-token"));

    assertThat(server.reload()).isTrue();

    assertThat(client("dave-token").execute(request(1)).audio("gain").frameCount()).isOne();
    assertThatThrownBy(() -> client("alice-token").serverInfo())
        .isInstanceOfSatisfying(RemoteMediaException.class, e ->
            assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED));
  }

  /** Revoking the last client: a file of no clients revokes everyone, by watch and by reload. */
  @Test
  void tokensFile_emptiedOfClients_revokesEveryClient() throws Exception {
    // Polling alice's refused and again accepted token must not get 127.0.0.1 blocked.
    start("""
        tokens_file_check_ms: 50
          max_failures_per_peer: 0""");
    RemoteMediaClient alice = client("alice-token");
    assertThat(alice.serverInfo().compatible()).isTrue();

    writeTokens(Map.of());
    awaitRefused(alice);
    assertThat(server.reload()).isTrue();
    assertThatThrownBy(() -> client("bob-token").serverInfo())
        .isInstanceOfSatisfying(RemoteMediaException.class, e ->
            assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED));

    writeTokens(Map.of("alice", "alice-token"));
    awaitAccepted(alice);
  }

  @Test
  void start_tokensFileOfNoClients_isRefused() throws Exception {
    assertThatThrownBy(() -> startWithTokensFile("# nobody yet\n", 0))
        .isInstanceOf(ConfigException.class)
        .hasMessage(configFile + ": 1 problem:\n  auth.tokens_file (line 5, column 16): "
            + tokensFile + ": holds no tokens; add lines printed by \"hash-token NAME\"");
  }

  @Test
  void reload_invalidConfigurationOrTokens_keepsTheOldSettings() throws Exception {
    start("tokens_file_check_ms: 0");
    String good = Files.readString(configFile);
    Files.writeString(configFile, good.replace("port: 0", "port: 99999"));

    assertThat(server.reload()).isFalse();
    assertThat(client("alice-token").serverInfo().compatible()).isTrue();

    Files.writeString(configFile, good);
    Files.writeString(tokensFile, "not a hash line\n");
    assertThat(server.reload()).isFalse();
    assertThat(client("alice-token").serverInfo().compatible()).isTrue();
  }

  @Test
  void reload_lowerInputLimit_appliesToTheNextCall() throws Exception {
    start("tokens_file_check_ms: 0", "limits:\n  maximums:\n    max_input_samples: 1000\n");
    RemoteMediaClient alice = client("alice-token");
    assertThat(alice.execute(request(8)).audio("gain").frameCount()).isEqualTo(8);
    Files.writeString(configFile, Files.readString(configFile)
        .replace("max_input_samples: 1000", "max_input_samples: 4\n  defaults:\n"
            + "    max_input_samples: 4"));

    assertThat(server.reload()).isTrue();

    assertThatThrownBy(() -> alice.execute(request(8)))
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          assertThat(e.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
        });
  }

  @Test
  void effectiveConfig_namesTheClientsButNeverHashesOrTokens() throws Exception {
    start("tokens_file_check_ms: 0");

    String logged = server.effectiveConfig().render();

    assertThat(logged)
        .contains("auth.enabled = true (file)")
        .contains("auth.tokens_file = " + tokensFile + " (file)")
        .contains("auth.tokens = alice, bob (SHA-256 hashes <redacted>) (tokens file)")
        .doesNotContain(TokenSet.hashLine("alice", "alice-token").substring(6, 20))
        .doesNotContain(TokenSet.hashLine("bob", "bob-token").substring(4, 20))
        .doesNotContain("alice-token");
  }

  @Test
  void start_badSettingAndBadTokensFile_listsBothProblemsAndStartsNothing() throws Exception {
    assertThatThrownBy(() -> startWithTokensFile("alice:1234\n", -1))
        .isInstanceOf(ConfigException.class)
        .hasMessage(configFile + ": 2 problems:\n"
            + "  server.port (line 2, column 9): must be in [0, 65535], was -1\n"
            + "  auth.tokens_file (line 5, column 16): " + tokensFile
            + " line 1: expected NAME:SHA256HEX (a name, a colon and 64 hex digits, as printed"
            + " by \"hash-token NAME\")");
  }

  /** Starts a server on {@code port} whose tokens file holds {@code tokensText}. */
  private void startWithTokensFile(String tokensText, int port) throws Exception {
    tokensFile = temp.resolve("tokens.txt");
    Files.writeString(tokensFile, tokensText);
    configFile = temp.resolve("config.yaml");
    Files.writeString(configFile, "server:\n  port: " + port + "\nauth:\n  enabled: true\n"
        + "  tokens_file: " + tokensFile + "\n");
    server = ConfiguredServer.start(ConfigLoader.builder().file(configFile).build());
  }

  private void start(String authExtra) throws Exception {
    start(authExtra, "");
  }

  private void start(String authExtra, String moreYaml) throws Exception {
    start(authExtra, moreYaml, "enabled: false");
  }

  private void start(String authExtra, String moreYaml, String metrics) throws Exception {
    tokensFile = temp.resolve("tokens.txt");
    writeTokens(Map.of("alice", "alice-token", "bob", "bob-token"));
    configFile = temp.resolve("config.yaml");
    Files.writeString(configFile, """
        server:
          port: 0
        metrics:
          %s
        auth:
          enabled: true
          tokens_file: %s
          %s
        %s""".formatted(metrics, tokensFile, authExtra, moreYaml), StandardCharsets.UTF_8);
    server = ConfiguredServer.start(ConfigLoader.builder().file(configFile).build(),
        (reason, method) -> failures.add(reason), List.of(new ClientNameRecorder()));
  }

  /** Writes the file whole and moves it into place, as an operator's tooling should. */
  private void writeTokens(Map<String, String> tokensByName) throws IOException {
    StringBuilder text = new StringBuilder();
    tokensByName.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
        text.append(TokenSet.hashLine(entry.getKey(), entry.getValue())).append('\n'));
    Path next = Files.createTempFile(temp, "tokens", ".next");
    Files.writeString(next, text, StandardCharsets.UTF_8);
    Files.move(next, tokensFile, StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private static void awaitAccepted(RemoteMediaClient client) throws Exception {
    Await.until("the new token is accepted", 20, () -> {
      try {
        client.serverInfo();
        return true;
      } catch (RemoteMediaException notYet) {
        return false;
      }
    });
  }

  private static void awaitRefused(RemoteMediaClient client) throws Exception {
    Await.until("the removed token is refused", 20, () -> {
      try {
        client.serverInfo();
        return false;
      } catch (RemoteMediaException e) {
        assertThat(e.code()).isEqualTo(Status.Code.UNAUTHENTICATED);
        return true;
      }
    });
  }

  private RemoteMediaClient client(String token) {
    RemoteMediaClient.Builder builder = RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.port()).deadline(Duration.ofSeconds(20));
    if (token != null) {
      builder.token(token);
    }
    RemoteMediaClient client = builder.build();
    closeables.add(client);
    return client;
  }

  private PipelineServiceGrpc.PipelineServiceBlockingStub rawStub() {
    ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext().build();
    closeables.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    return PipelineServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
  }

  private static ExecutionRequest request(int frames) {
    return ExecutionRequest.of(GAIN, "gain",
        AudioBuffer.of(AudioFormat.f32(8000, 1), new float[frames]));
  }

  /** Runs inside authentication, as metrics and access logging would, and records the name. */
  private final class ClientNameRecorder implements ServerInterceptor {
    @Override
    public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
        Metadata headers, ServerCallHandler<ReqT, RespT> next) {
      return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(
          next.startCall(call, headers)) {
        @Override
        public void onHalfClose() {
          AuthInterceptor.currentClientName().ifPresent(seenClientNames::add);
          super.onHalfClose();
        }
      };
    }
  }
}
