package io.remotemedia.server.internal.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import io.grpc.ManagedChannel;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.config.ConfigLoader;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The standard health and reflection services on the real server, through their own stubs. */
class HealthAndReflectionTest {
  private RemoteMediaServer server;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(),
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()));
    server.start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void check_runningServer_isServingOverallAndForThePipelineService() {
    HealthGrpc.HealthBlockingStub health =
        HealthGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);

    assertThat(health.check(HealthCheckRequest.newBuilder().setService("").build())
        .getStatus()).isEqualTo(ServingStatus.SERVING);
    assertThat(health.check(HealthCheckRequest.newBuilder()
        .setService("remotemedia.v1.PipelineService").build()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
  }

  @Test
  void listServices_viaReflectionV1_namesPipelineHealthAndReflection() throws Exception {
    ServerReflectionResponse response =
        reflect(ServerReflectionRequest.newBuilder().setListServices("*").build());

    assertThat(response.getListServicesResponse().getServiceList())
        .extracting(ServiceResponse::getName)
        .contains("remotemedia.v1.PipelineService", "grpc.health.v1.Health",
            "grpc.reflection.v1.ServerReflection");
  }

  @Test
  void fileContainingSymbol_pipelineService_returnsItsDescriptor() throws Exception {
    ServerReflectionResponse response = reflect(ServerReflectionRequest.newBuilder()
        .setFileContainingSymbol("remotemedia.v1.PipelineService").build());

    assertThat(response.getFileDescriptorResponse().getFileDescriptorProtoCount()).isPositive();
  }

  @Test
  void fileContainingSymbol_errorDetail_returnsErrorsProtoSoToolsCanDecodeDetails()
      throws Exception {
    ServerReflectionResponse response = reflect(ServerReflectionRequest.newBuilder()
        .setFileContainingSymbol("remotemedia.v1.ErrorDetail").build());

    assertThat(response.hasErrorResponse()).as(response.toString()).isFalse();
    assertThat(response.getFileDescriptorResponse().getFileDescriptorProtoList())
        .extracting(bytes -> FileDescriptorProto.parseFrom(bytes).getName())
        .contains("remotemedia/v1/errors.proto");
  }

  @Test
  void listServices_viaReflectionV1alpha_isServedForToolsThatAskItFirst() throws Exception {
    CompletableFuture<io.grpc.reflection.v1alpha.ServerReflectionResponse> answer =
        new CompletableFuture<>();
    StreamObserver<io.grpc.reflection.v1alpha.ServerReflectionRequest> requests =
        io.grpc.reflection.v1alpha.ServerReflectionGrpc.newStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .serverReflectionInfo(new StreamObserver<>() {
              @Override
              public void onNext(io.grpc.reflection.v1alpha.ServerReflectionResponse response) {
                answer.complete(response);
              }

              @Override
              public void onError(Throwable t) {
                answer.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                answer.completeExceptionally(new AssertionError("closed without an answer"));
              }
            });
    requests.onNext(io.grpc.reflection.v1alpha.ServerReflectionRequest.newBuilder()
        .setFileContainingSymbol("remotemedia.v1.ErrorDetail").build());
    try {
      assertThat(answer.get(10, TimeUnit.SECONDS).getFileDescriptorResponse()
          .getFileDescriptorProtoList())
          .extracting(bytes -> FileDescriptorProto.parseFrom(bytes).getName())
          .contains("remotemedia/v1/errors.proto");
    } finally {
      requests.onCompleted();
    }
  }

  @Test
  void everyServedMethod_mayBeNamedInAuthExemptMethods() throws Exception {
    List<String> methods = new ArrayList<>();
    for (ServiceResponse service : reflect(ServerReflectionRequest.newBuilder()
        .setListServices("*").build()).getListServicesResponse().getServiceList()) {
      String name = service.getName();
      for (com.google.protobuf.ByteString file : reflect(ServerReflectionRequest.newBuilder()
          .setFileContainingSymbol(name).build()).getFileDescriptorResponse()
          .getFileDescriptorProtoList()) {
        FileDescriptorProto proto = FileDescriptorProto.parseFrom(file);
        proto.getServiceList().stream()
            .filter(declared -> (proto.getPackage() + "." + declared.getName()).equals(name))
            .flatMap(declared -> declared.getMethodList().stream())
            .forEach(method -> methods.add(name + "/" + method.getName()));
      }
    }
    Path config = Files.createTempFile("exempt", ".yaml");
    try {
      Files.writeString(config, "auth:\n  exempt_methods: [" + String.join(", ", methods)
          + "]\n");

      assertThat(methods).as("methods found through reflection")
          .contains("grpc.health.v1.Health/Watch",
              "remotemedia.v1.PipelineService/ExecutePipeline");
      assertThat(ConfigLoader.builder().file(config).build().load().problems())
          .as("every method the server serves is one auth.exempt_methods accepts").isEmpty();
    } finally {
      Files.delete(config);
    }
  }

  /** Sends one request on the bidirectional reflection stream and returns the first answer. */
  private ServerReflectionResponse reflect(ServerReflectionRequest request) throws Exception {
    CompletableFuture<ServerReflectionResponse> answer = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
        .withDeadlineAfter(10, TimeUnit.SECONDS)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse response) {
            answer.complete(response);
          }

          @Override
          public void onError(Throwable t) {
            answer.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {
            answer.completeExceptionally(new AssertionError("closed without an answer"));
          }
        });
    requests.onNext(request);
    try {
      return answer.get(10, TimeUnit.SECONDS);
    } finally {
      requests.onCompleted();
    }
  }
}
