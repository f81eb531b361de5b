import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.internal.resample.DesignCache;
import io.remotemedia.audio.resample.ResampleConfig;
import io.remotemedia.audio.resample.ResampleNode;
import io.remotemedia.audio.resample.ResampleQuality;

/**
 * How much heap the resampler's design cache keeps after one very_high resampler to 48 kHz
 * for each of N awkward input rates (44,057, 44,059, ... Hz), as in docs/security.md:
 *
 * <pre>
 * mvn -B -q -pl remotemedia-audio-core compile
 * java -cp remotemedia-audio-core/target/classes docs/measure/DesignCacheFootprint.java 134
 * </pre>
 */
public class DesignCacheFootprint {
  public static void main(String[] args) throws Exception {
    int pairs = Integer.parseInt(args[0]);
    long largest = 0;
    for (int i = 0; i < pairs; i++) {
      ResampleNode node = new ResampleNode(new ResampleConfig(48_000, ResampleQuality.VERY_HIGH));
      node.configure(AudioFormat.f32(44_057 + 2 * i, 1), 960);
      largest = Math.max(largest, node.tableBytes());
    }
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.println(pairs + " pairs: " + DesignCache.stats() + ", largest design "
        + largest + " B, heap used after GC "
        + (rt.totalMemory() - rt.freeMemory()) / (1 << 20) + " MiB");
  }
}
