package io.remotemedia.proto.internal.wire;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.encoding.AudioEncoding;
import io.remotemedia.pipeline.encoding.EncodedAudio;
import io.remotemedia.pipeline.manifest.ManifestParser;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ExecutionWire#toProto(ExecutionRequest, Map, Map, String)}: one source given both a
 * PCM input and a coded one is refused, naming the key, rather than its PCM audio being
 * replaced by the coded audio without a word (both go in the one audio_inputs map).
 */
class CodedInputKeysTest {
  @Test
  void toProto_sourceGivenPcmAndCodedAudio_isRefusedNamingIt() {
    ExecutionRequest request = new ExecutionRequest(new ManifestParser().parse("""
        {"version": "v1", "nodes": [{"id": "in", "node_type": "Gain"}]}
        """), Map.of("in", AudioBuffer.of(AudioFormat.f32(8000, 1), new float[160])),
        ExecutionLimits.UNSET);
    Map<String, EncodedAudio> coded =
        Map.of("in", EncodedAudio.g711(AudioEncoding.MU_LAW, new byte[160], 8000, 1));

    assertThatThrownBy(() -> ExecutionWire.toProto(request, coded, Map.of(), "1.1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("audio_inputs[\"in\"] is given twice, as PCM in the request's inputs and"
            + " as coded audio in encodedInputs; give each source one input");
  }
}
