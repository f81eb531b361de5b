package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.grpc.Status;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.vad.SpeechSegment;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.report.VadReport;
import io.remotemedia.proto.ExecuteResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the SDK reads a server's data_outputs: typed by the manifest it sent, or refused. */
class RemoteReportsTest {
  private static final PipelineManifest VAD = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "vad", "node_type": "VAD"}]}
      """);
  private static final ExecutionRequest REQUEST = ExecutionRequest.of(VAD, "vad",
      AudioBuffer.of(AudioFormat.f32(16000, 1), new float[160]));

  private InProcessService service;

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void execute_vadSegmentsOnTheWire_comeBackAsAVadReport() throws Exception {
    RemoteMediaClient client = start(segments(Value.newBuilder().setListValue(
        ListValue.newBuilder().addValues(Value.newBuilder().setStructValue(Struct.newBuilder()
            .putFields("start_ms", number(120))
            .putFields("end_ms", number(860))))).build()));

    ExecutionResult result = client.execute(REQUEST);

    assertThat(result.report("vad", VadReport.class))
        .isEqualTo(new VadReport(List.of(new SpeechSegment(120, 860))));
  }

  @Test
  void execute_vadDataNotInItsDocumentedShape_failsAsAProtocolMismatchNamingTheField()
      throws Exception {
    RemoteMediaClient client = start(segments(number(3)));

    assertThatThrownBy(() -> client.execute(REQUEST))
        .isInstanceOfSatisfying(RemoteMediaException.class, e -> {
          assertThat(e.code()).isEqualTo(Status.Code.INTERNAL);
          assertThat(e.kind()).isEqualTo(ErrorKind.PROTOCOL_MISMATCH);
        })
        .hasMessage("bad response from the server: data_outputs[\"vad\"].segments must be a"
            + " list, was number_value");
  }

  private static ExecuteResponse segments(Value segments) {
    return ExecuteResponse.newBuilder()
        .putDataOutputs("vad", Struct.newBuilder().putFields("segments", segments).build())
        .build();
  }

  private static Value number(double value) {
    return Value.newBuilder().setNumberValue(value).build();
  }

  private RemoteMediaClient start(ExecuteResponse answer) throws Exception {
    service = InProcessService.serve(new FakePipelineService(answer));
    return RemoteMediaClient.forChannel(service.channel());
  }
}
