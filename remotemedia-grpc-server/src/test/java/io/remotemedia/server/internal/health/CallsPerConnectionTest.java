package io.remotemedia.server.internal.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import io.remotemedia.server.Await;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Health watches need no token and no quota counts them: one connection may hold only a few,
 * on the real server over loopback.
 */
class CallsPerConnectionTest {
  private RemoteMediaServer server;
  private final List<ManagedChannel> channels = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(),
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()));
    server.start();
  }

  @AfterEach
  void stop() throws InterruptedException {
    for (ManagedChannel channel : channels) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    server.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void watch_pastTheLimitOnOneConnection_isRefusedNamingTheLimitAndOthersStillWatch()
      throws Exception {
    ManagedChannel flooding = channel();
    List<Watch> watches = new ArrayList<>();
    for (int i = 0; i < CallsPerConnection.DEFAULT_MAX; i++) {
      watches.add(Watch.start(flooding));
    }
    for (Watch watch : watches) {
      assertThat(watch.first.get(10, TimeUnit.SECONDS).getStatus())
          .isEqualTo(ServingStatus.SERVING);
    }

    Watch refused = Watch.start(flooding);
    Throwable error = refused.end.handle((ok, failure) -> failure).get(10, TimeUnit.SECONDS);
    assertThat(error).isInstanceOf(StatusRuntimeException.class);
    StatusRuntimeException status = (StatusRuntimeException) error;
    assertThat(status.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    assertThat(status.getStatus().getDescription())
        .contains(CallsPerConnection.LIMIT).contains(" " + CallsPerConnection.DEFAULT_MAX + " ");
    ErrorDetail detail = detailOf(status);
    assertThat(detail.getType()).isEqualTo(ErrorType.ERROR_TYPE_RESOURCE_LIMIT);
    assertThat(detail.getLimit().getLimit()).isEqualTo(CallsPerConnection.LIMIT);
    assertThat(detail.getLimit().getLimitValue()).isEqualTo(CallsPerConnection.DEFAULT_MAX);
    assertThat(detail.getLimit().getActualValue())
        .isEqualTo(CallsPerConnection.DEFAULT_MAX + 1L);

    // Another connection is not affected.
    assertThat(Watch.start(channel()).first.get(10, TimeUnit.SECONDS).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    // A watch that ends gives its place back.
    watches.get(0).cancel();
    watches.get(0).end.handle((ok, failure) -> failure).get(10, TimeUnit.SECONDS);
    Await.until("a watch on the flooding connection is served again", 10, () -> {
      Watch next = Watch.start(flooding);
      Object outcome = CompletableFuture.anyOf(next.first, next.end)
          .handle((response, failure) -> response).get(10, TimeUnit.SECONDS);
      return outcome instanceof HealthCheckResponse response
          && response.getStatus() == ServingStatus.SERVING;
    });
  }

  @Test
  void call_thatAnOuterInterceptorFailsAfterItWasCounted_givesItsPlaceBack() throws Exception {
    CallsPerConnection limit = new CallsPerConnection(2);
    Metadata.Key<String> failKey = Metadata.Key.of("fail", Metadata.ASCII_STRING_MARSHALLER);
    ServerInterceptor failingAfterInner = new ServerInterceptor() {
      @Override
      public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
          Metadata headers, ServerCallHandler<ReqT, RespT> next) {
        ServerCall.Listener<ReqT> listener = next.startCall(call, headers);
        if (headers.containsKey(failKey)) {
          throw new IllegalStateException("outer interceptor fails after the inner one ran");
        }
        return listener;
      }
    };
    HealthStatusManager health = new HealthStatusManager();
    Server plain = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addTransportFilter(limit.filter())
        .addService(ServerInterceptors.intercept(health.getHealthService(), limit,
            failingAfterInner))
        .build().start();
    try {
      ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", plain.getPort())
          .usePlaintext().build();
      channels.add(channel);
      Metadata fail = new Metadata();
      fail.put(failKey, "yes");
      HealthGrpc.HealthBlockingStub failing = HealthGrpc.newBlockingStub(channel)
          .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(fail));
      for (int i = 0; i < 3; i++) {
        assertThat(catchThrowableOfType(StatusRuntimeException.class,
            () -> failing.check(HealthCheckRequest.getDefaultInstance())).getStatus().getCode())
            .isEqualTo(Status.Code.UNKNOWN);
      }

      Await.until("the failed calls' places are given back", 10, () -> {
        try {
          return HealthGrpc.newBlockingStub(channel)
              .check(HealthCheckRequest.getDefaultInstance())
              .getStatus() == ServingStatus.SERVING;
        } catch (StatusRuntimeException e) {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          return false;
        }
      });
    } finally {
      plain.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private ManagedChannel channel() {
    ManagedChannel channel =
        NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    channels.add(channel);
    return channel;
  }

  private static ErrorDetail detailOf(StatusRuntimeException e)
      throws InvalidProtocolBufferException {
    com.google.rpc.Status status = StatusProto.fromThrowable(e);
    assertThat(status).as("status details").isNotNull();
    assertThat(status.getDetailsList()).hasSize(1);
    return status.getDetails(0).unpack(ErrorDetail.class);
  }

  /** One Health/Watch call: its first response, its end, and a way to cancel it. */
  private static final class Watch
      implements ClientResponseObserver<HealthCheckRequest, HealthCheckResponse> {
    final CompletableFuture<HealthCheckResponse> first = new CompletableFuture<>();
    final CompletableFuture<Void> end = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<HealthCheckRequest> call;

    static Watch start(ManagedChannel channel) {
      Watch watch = new Watch();
      HealthGrpc.newStub(channel).watch(HealthCheckRequest.getDefaultInstance(), watch);
      return watch;
    }

    void cancel() {
      call.cancel("test ends this watch", null);
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<HealthCheckRequest> requestStream) {
      call = requestStream;
    }

    @Override
    public void onNext(HealthCheckResponse value) {
      first.complete(value);
    }

    @Override
    public void onError(Throwable t) {
      first.completeExceptionally(t);
      end.completeExceptionally(t);
    }

    @Override
    public void onCompleted() {
      end.complete(null);
    }
  }
}
