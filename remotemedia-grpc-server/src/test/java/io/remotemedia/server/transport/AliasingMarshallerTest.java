package io.remotemedia.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.remotemedia.proto.AudioBuffer;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.SampleFormat;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AliasingMarshallerTest {
  private static final ServerServiceDefinition SERVICE = AliasingMarshaller.forRequestsOf(
      new PipelineServiceGrpc.PipelineServiceImplBase() { }.bindService());

  @Test
  void parse_streamFromTheStandardMarshaller_givesAnEqualMessage() {
    MethodDescriptor.Marshaller<ExecuteRequest> marshaller = executeRequests();
    ExecuteRequest request = requestWithAudio(176_400);

    ExecuteRequest parsed = marshaller.parse(marshaller.stream(request));

    assertThat(parsed).isEqualTo(request);
  }

  @Test
  void parse_streamOfUnknownLength_givesAnEqualMessage() {
    MethodDescriptor.Marshaller<ExecuteRequest> marshaller = executeRequests();
    ExecuteRequest request = requestWithAudio(10_000);
    InputStream unknownLength = new FilterInputStream(
        new ByteArrayInputStream(request.toByteArray())) { };

    assertThat(marshaller.parse(unknownLength)).isEqualTo(request);
  }

  @Test
  void parse_malformedBytes_isInternalLikeTheStandardMarshaller() {
    MethodDescriptor.Marshaller<ExecuteRequest> marshaller = executeRequests();
    // Field 2 (a map entry, length-delimited) claiming 100 bytes that are not there.
    byte[] truncated = {0x12, 100, 1, 2, 3};

    assertThatThrownBy(() -> marshaller.parse(new ByteArrayInputStream(truncated)))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL))
        .hasMessage("INTERNAL: Invalid protobuf byte sequence");
  }

  @Test
  void parse_strayEndGroupTag_isInternalNotAPrefixOfTheMessage() {
    MethodDescriptor.Marshaller<ExecuteRequest> marshaller = executeRequests();
    // Field 4 (client_protocol_version) = "v1", then an end-group tag for field 1.
    byte[] bytes = {0x22, 2, 'v', '1', 0x0C};

    assertThatThrownBy(() -> marshaller.parse(new ByteArrayInputStream(bytes)))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e ->
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL));
  }

  @Test
  void forRequestsOf_keepsEveryMethodNameAndTheSchemaForReflection() {
    ServerServiceDefinition standard =
        new PipelineServiceGrpc.PipelineServiceImplBase() { }.bindService();

    assertThat(SERVICE.getMethods()).extracting(m -> m.getMethodDescriptor().getFullMethodName())
        .containsExactlyInAnyOrderElementsOf(standard.getMethods().stream()
            .map(m -> m.getMethodDescriptor().getFullMethodName()).toList());
    assertThat(SERVICE.getServiceDescriptor().getSchemaDescriptor())
        .isSameAs(standard.getServiceDescriptor().getSchemaDescriptor());
    assertThat(SERVICE.getMethods()).allSatisfy(m ->
        assertThat(m.getMethodDescriptor().getRequestMarshaller())
            .isInstanceOf(AliasingMarshaller.class));
  }

  @SuppressWarnings("unchecked")
  private static MethodDescriptor.Marshaller<ExecuteRequest> executeRequests() {
    ServerMethodDefinition<?, ?> method = SERVICE.getMethod(
        PipelineServiceGrpc.getExecutePipelineMethod().getFullMethodName());
    return (MethodDescriptor.Marshaller<ExecuteRequest>)
        method.getMethodDescriptor().getRequestMarshaller();
  }

  private static ExecuteRequest requestWithAudio(int bytes) {
    byte[] samples = new byte[bytes];
    new Random(7).nextBytes(samples);
    return ExecuteRequest.newBuilder()
        .setClientProtocolVersion("v1")
        .putAudioInputs("in", AudioBuffer.newBuilder()
            .setSamples(ByteString.copyFrom(samples))
            .setSampleRateHz(44_100)
            .setChannels(1)
            .setFormat(SampleFormat.SAMPLE_FORMAT_F32)
            .setFrameCount(bytes / 4)
            .build())
        .build();
  }
}
