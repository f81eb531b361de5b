package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.proto.VersionResponse;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the builder's security options put on the wire, seen by a real server on loopback. */
class RemoteMediaClientCredentialsTest {
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final ConcurrentLinkedQueue<String> headers = new ConcurrentLinkedQueue<>();
  private Server server;

  @BeforeEach
  void startServer() throws Exception {
    ServerInterceptor capture = new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
          Metadata metadata, ServerCallHandler<ReqT, RespT> next) {
        headers.add(String.valueOf(metadata.get(AUTHORIZATION)));
        return next.startCall(call, metadata);
      }
    };
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(new VersionOnly(), capture))
        .build()
        .start();
  }

  @AfterEach
  void stopServer() throws InterruptedException {
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void token_isSentAsABearerAuthorizationHeaderOnEveryCall() {
    try (RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.getPort()).token("s3cret-token").build()) {
      client.serverInfo();
      client.serverInfo();
    }
    try (RemoteMediaClient client = RemoteMediaClient.builder()
        .target("127.0.0.1:" + server.getPort()).build()) {
      client.serverInfo();
    }

    assertThat(headers).containsExactly("Bearer s3cret-token", "Bearer s3cret-token", "null");
  }

  @Test
  void token_withSpacesOrEmpty_isRefusedAtOnce() {
    assertThatThrownBy(() -> RemoteMediaClient.builder().token("two words"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token must be non-empty printable ASCII without spaces");
    assertThatThrownBy(() -> RemoteMediaClient.builder().token(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("token must be non-empty printable ASCII without spaces");
  }

  @Test
  void token_null_asAnUnsetVariableGivesIt_saysSo() {
    assertThatThrownBy(() -> RemoteMediaClient.builder().token(System.getenv("NO_SUCH_VAR_X")))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("token is null: no bearer token was given (an environment variable that is"
            + " not set?)");
  }

  @Test
  void mtls_withoutTls_isRefused() {
    RemoteMediaClient.Builder builder = RemoteMediaClient.builder()
        .target("127.0.0.1:1").mtls("cert", "key");

    assertThatThrownBy(builder::build)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("mtls(...) needs tls(caCertPem) to verify the server");
  }

  @Test
  void credentials_toString_neverShowsTheToken() {
    assertThat(new BearerTokenCredentials("s3cret-token").toString())
        .doesNotContain("s3cret-token");
  }

  private static final class VersionOnly extends PipelineServiceGrpc.PipelineServiceImplBase {
    @Override
    public void getVersion(VersionRequest request, StreamObserver<VersionResponse> response) {
      response.onNext(VersionResponse.newBuilder().setProtocolVersion("v1").build());
      response.onCompleted();
    }
  }
}
