import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.manifest.ManifestBuilder;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.pipeline.nodes.NodeSpecs;
import java.util.Arrays;

/**
 * The wall time of one in-process {@code LocalPipelineRunner.execute} of the load generator's
 * resample scenario (44.1 kHz mono resampled to 16 kHz), SECONDS of audio (default 1): median
 * and 90th percentile of 4,000 calls after 3,000 of warm-up. Run it against two builds in turn
 * to compare them (docs/performance.md, "Memory checks before allocation"):
 *
 * <pre>
 * mvn -B -q -pl remotemedia-pipeline -am package -DskipTests
 * CP=remotemedia-audio-core/target/classes:remotemedia-pipeline/target/classes
 * CP=$CP:$(find ~/.m2 -name 'snakeyaml-2.4.jar')
 * java -cp "$CP" docs/measure/ExecuteCost.java 1.0
 * </pre>
 */
public class ExecuteCost {
  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
    PipelineManifest manifest = ManifestBuilder.named("resample")
        .node(NodeSpecs.resample("rs", 16000)).build();
    float[] samples = new float[(int) Math.max(1, 44100 * seconds)];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (float) Math.sin(i * 0.01) * 0.5f;
    }
    ExecutionRequest request = ExecutionRequest.of(manifest, "rs",
        AudioBuffer.of(AudioFormat.f32(44100, 1), samples));
    LocalPipelineRunner runner = LocalPipelineRunner.create();
    for (int i = 0; i < 3000; i++) {
      runner.execute(request);
    }
    long[] nanos = new long[4000];
    for (int i = 0; i < nanos.length; i++) {
      long start = System.nanoTime();
      runner.execute(request);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    System.out.printf("%s s: median %.1f us, p90 %.1f us%n", seconds,
        nanos[nanos.length / 2] / 1e3, nanos[nanos.length * 9 / 10] / 1e3);
  }
}
