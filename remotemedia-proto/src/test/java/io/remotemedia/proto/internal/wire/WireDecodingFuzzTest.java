package io.remotemedia.proto.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.fuzz.AllocationBudget;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.FailureMessages;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.internal.graph.PipelineGraph;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeRegistry;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.StreamRequest;

/**
 * Coverage-guided fuzzing of the wire decoding a server does for each request (docs/fuzzing.md):
 * the bytes go through the generated parser, then through {@link ExecutionWire} or {@link
 * StreamWire} into domain types, and the manifest is compiled. A plain {@code mvn verify}
 * replays the committed corpus in {@code WireDecodingFuzzTestInputs/}: encoded requests built
 * from the example manifests with audio in every sample format, and every input that once
 * broke the contract.
 *
 * <p>The contract: bytes that are not a message fail in the parser with {@link
 * InvalidProtocolBufferException}; a message either decodes or fails with a {@link
 * PipelineException} of kind VALIDATION or INVALID_AUDIO (a client's mistake) whose message does
 * not amplify the input ({@link FailureMessages});
 * nothing else escapes; decoded audio holds exactly the frames the message declares; and a small
 * message cannot make the decoder allocate much.
 */
class WireDecodingFuzzTest {
  private static final NodeRegistry REGISTRY = NodeRegistry.standard();

  @FuzzTest(maxDuration = "5m")
  void executeRequest(byte[] input) throws Exception {
    AllocationBudget.of((16L << 20) + 64L * input.length).check(() -> {
      ExecuteRequest wire;
      try {
        wire = ExecuteRequest.parser().parseFrom(input);
      } catch (InvalidProtocolBufferException e) {
        return;
      }
      try {
        ExecutionRequest request = ExecutionWire.fromProto(wire);
        request.inputs().forEach((id, audio) ->
            assertDeclaredFrames(audio, wire.getAudioInputsOrThrow(id)));
        compile(request.manifest());
      } catch (PipelineException e) {
        assertClientMistake(e);
      }
    });
  }

  @FuzzTest(maxDuration = "5m")
  void streamRequest(byte[] input) throws Exception {
    AllocationBudget.of((16L << 20) + 64L * input.length).check(() -> {
      StreamRequest wire;
      try {
        wire = StreamRequest.parser().parseFrom(input);
      } catch (InvalidProtocolBufferException e) {
        return;
      }
      try {
        switch (wire.getKindCase()) {
          case OPEN -> {
            OpenStreamRequest open = StreamWire.fromProto(wire.getOpen());
            compile(open.manifest());
          }
          case CHUNK -> assertDeclaredFrames(StreamWire.audioOf(wire.getChunk()),
              wire.getChunk().getAudio());
          case CLOSE, CANCEL, KIND_NOT_SET -> { }
        }
      } catch (PipelineException e) {
        assertClientMistake(e);
      }
    });
  }

  private static void compile(PipelineManifest manifest) {
    PipelineGraph.compile(manifest, REGISTRY);
  }

  private static void assertDeclaredFrames(AudioBuffer audio,
      io.remotemedia.proto.AudioBuffer wire) {
    assertThat((long) audio.frameCount()).as("frames decoded for frame_count %s",
        Long.toUnsignedString(wire.getFrameCount())).isEqualTo(wire.getFrameCount());
  }

  private static void assertClientMistake(PipelineException e) {
    assertThat(e.kind()).as("kind of: %.300s", e.getMessage())
        .isIn(ErrorKind.VALIDATION, ErrorKind.INVALID_AUDIO);
    FailureMessages.assertBounded(e);
  }
}
