package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.proto.AudioBuffer;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.NodeSpec;
import io.remotemedia.proto.PipelineManifest;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.SampleFormat;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AliasingMarshallerTest {
  private static final int MAX_BYTES = 1 << 20;
  private static final ServerServiceDefinition SERVICE = AliasingMarshaller.forRequestsOf(
      new PipelineServiceGrpc.PipelineServiceImplBase() { }.bindService(), MAX_BYTES);

  @Test
  void parse_streamFromTheStandardMarshaller_givesAnEqualMessage() {
    ExecuteRequest request = requestWithAudio(176_400);

    ParsedRequest<ExecuteRequest> parsed = executeRequests().parse(
        PipelineServiceGrpc.getExecutePipelineMethod().streamRequest(request));

    assertThat(parsed.message()).isEqualTo(request);
    assertThat(parsed.problem()).isNull();
  }

  @Test
  void parse_streamOfUnknownLength_givesAnEqualMessage() {
    ExecuteRequest request = requestWithAudio(10_000);
    InputStream unknownLength = new FilterInputStream(
        new ByteArrayInputStream(request.toByteArray())) { };

    assertThat(executeRequests().parse(unknownLength).message()).isEqualTo(request);
  }

  @Test
  void parse_truncatedField_isAValidationProblemNamingTheType() {
    // Field 2 (a map entry, length-delimited) claiming 100 bytes that are not there.
    byte[] truncated = {0x12, 100, 1, 2, 3};

    PipelineException problem = problemOf(truncated);

    assertThat(problem.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(problem.getMessage()).startsWith(
        "the ExecuteRequest is not a valid protobuf message: ");
  }

  @Test
  void parse_oneZeroByte_isAValidationProblemNotAnException() {
    PipelineException problem = problemOf(new byte[] {0});

    assertThat(problem.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(problem.getMessage()).contains("invalid tag (zero)");
  }

  @Test
  void parse_invalidUtf8InAString_isAValidationProblem() {
    // Field 4 (client_protocol_version), 2 bytes: a lone continuation byte and 0xFF.
    PipelineException problem = problemOf(new byte[] {0x22, 2, (byte) 0x80, (byte) 0xFF});

    assertThat(problem.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(problem.getMessage()).contains("invalid UTF-8");
  }

  @Test
  void parse_structNestedPastTheRecursionLimit_namesTheLimit() {
    PipelineException problem = problemOf(requestWithNestedParams(40).toByteArray());

    assertThat(problem.kind()).isEqualTo(ErrorKind.VALIDATION);
    assertThat(problem.getMessage()).contains("deeper than the limit of 100 levels");
    assertThat(problem.limit()).contains(new LimitViolation(
        AliasingMarshaller.RECURSION_LIMIT_NAME, AliasingMarshaller.RECURSION_LIMIT, 101));
  }

  @Test
  void parse_structNestedWithinTheLimit_parses() {
    ExecuteRequest request = requestWithNestedParams(25);

    assertThat(executeRequests().parse(new ByteArrayInputStream(request.toByteArray()))
        .message()).isEqualTo(request);
  }

  @Test
  void parse_strayEndGroupTag_isAProblemNotAPrefixOfTheMessage() {
    // Field 4 (client_protocol_version) = "v1", then an end-group tag for field 1.
    byte[] bytes = {0x22, 2, 'v', '1', 0x0C};

    assertThat(problemOf(bytes).kind()).isEqualTo(ErrorKind.VALIDATION);
  }

  @Test
  void parse_compressedStreamPastTheLimit_isAResourceLimitNamingIt() {
    // What grpc-java's size-enforcing stream throws while it inflates a compressed message.
    InputStream inflating = new InputStream() {
      @Override
      public int read() {
        throw Status.RESOURCE_EXHAUSTED.withDescription(
            "Decompressed gRPC message exceeds maximum size 1048576").asRuntimeException();
      }
    };

    PipelineException problem = executeRequests().parse(inflating).problem();

    assertThat(problem.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
    assertThat(problem.limit()).contains(new LimitViolation(
        AliasingMarshaller.SIZE_LIMIT_NAME, MAX_BYTES, MAX_BYTES + 1L));
    assertThat(problem.getCause()).isInstanceOf(StatusRuntimeException.class);
  }

  @Test
  void parse_streamThatFailsToRead_isAValidationProblem() {
    InputStream broken = new InputStream() {
      @Override
      public int read() throws IOException {
        throw new IOException("gzip: corrupt");
      }
    };

    assertThat(executeRequests().parse(broken).problem().getMessage())
        .isEqualTo("the ExecuteRequest could not be read: gzip: corrupt");
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

  private static PipelineException problemOf(byte[] bytes) {
    ParsedRequest<ExecuteRequest> parsed =
        executeRequests().parse(new ByteArrayInputStream(bytes));
    assertThat(parsed.message()).isNull();
    return parsed.problem();
  }

  @SuppressWarnings("unchecked")
  private static MethodDescriptor.Marshaller<ParsedRequest<ExecuteRequest>> executeRequests() {
    ServerMethodDefinition<?, ?> method = SERVICE.getMethod(
        PipelineServiceGrpc.getExecutePipelineMethod().getFullMethodName());
    return (MethodDescriptor.Marshaller<ParsedRequest<ExecuteRequest>>)
        method.getMethodDescriptor().getRequestMarshaller();
  }

  /** A request whose one node's params nest {@code depth} Structs deep. */
  static ExecuteRequest requestWithNestedParams(int depth) {
    Struct params = Struct.newBuilder().putFields("leaf", Value.newBuilder()
        .setNumberValue(1).build()).build();
    for (int i = 1; i < depth; i++) {
      params = Struct.newBuilder().putFields("nested", Value.newBuilder()
          .setStructValue(params).build()).build();
    }
    return ExecuteRequest.newBuilder()
        .setManifest(PipelineManifest.newBuilder().setVersion("v1").addNodes(
            NodeSpec.newBuilder().setId("gain").setNodeType("Gain").setParams(params)))
        .build();
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
