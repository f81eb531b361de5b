package io.remotemedia.bench.nodes;

import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.channel.ChannelMapConfig;
import io.remotemedia.audio.channel.ChannelMapMode;
import io.remotemedia.audio.channel.ChannelMapNode;
import io.remotemedia.audio.filter.BiquadConfig;
import io.remotemedia.audio.filter.BiquadNode;
import io.remotemedia.audio.filter.DcBlockerConfig;
import io.remotemedia.audio.filter.DcBlockerNode;
import io.remotemedia.audio.filter.FilterType;
import io.remotemedia.audio.format.AudioFormatConverterConfig;
import io.remotemedia.audio.format.AudioFormatConverterNode;
import io.remotemedia.audio.format.Dither;
import io.remotemedia.audio.framing.AudioBufferAccumulatorConfig;
import io.remotemedia.audio.framing.AudioBufferAccumulatorNode;
import io.remotemedia.audio.framing.AudioChunkerConfig;
import io.remotemedia.audio.framing.AudioChunkerNode;
import io.remotemedia.audio.framing.SilenceTrimConfig;
import io.remotemedia.audio.framing.SilenceTrimNode;
import io.remotemedia.audio.gain.GainConfig;
import io.remotemedia.audio.gain.GainNode;
import io.remotemedia.audio.mix.MixConfig;
import io.remotemedia.audio.mix.MixNode;
import io.remotemedia.audio.node.AudioNode;
import io.remotemedia.audio.node.UnsupportedFormatException;
import io.remotemedia.audio.resample.ResampleConfig;
import io.remotemedia.audio.resample.ResampleNode;
import io.remotemedia.audio.resample.ResampleQuality;
import io.remotemedia.audio.vad.VadConfig;
import io.remotemedia.audio.vad.VadMode;
import io.remotemedia.audio.vad.VadNode;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every audio-core node processing one 20 ms chunk of noise, as a live stream feeds it. The
 * score is the time per chunk; 20 ms divided by it is the node's times-realtime per core. Run
 * with {@code -prof gc} to see the bytes allocated per chunk (the nodes promise none).
 *
 * <pre>
 * java -jar remotemedia-bench/target/benchmarks.jar NodeChunkBenchmark -prof gc
 * </pre>
 *
 * <p>Normalize is left out: it holds the whole stream and emits it at flush, so a per-chunk
 * figure would say nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NodeChunkBenchmark {
  /** The node type to measure, as manifests name it. */
  @Param({"Gain", "AudioResample", "AudioFormatConverter", "ChannelMap", "Biquad", "DcBlocker",
      "Mix", "AudioChunker", "AudioBufferAccumulator", "SilenceTrim", "VAD"})
  public String node;

  private AudioNode instance;
  private float[] in;
  private float[] out;
  private int frames;

  /**
   * Creates and configures the node for its usual format, and fills one chunk of input.
   *
   * @throws UnsupportedFormatException never: each node gets a format it takes
   */
  @Setup
  public void setUp() throws UnsupportedFormatException {
    AudioFormat format;
    switch (node) {
      case "Gain" -> {
        instance = new GainNode(new GainConfig(-3));
        format = AudioFormat.f32(48000, 2);
      }
      case "AudioResample" -> {
        instance = new ResampleNode(new ResampleConfig(16000, ResampleQuality.HIGH));
        format = AudioFormat.f32(48000, 1);
      }
      case "AudioFormatConverter" -> {
        instance = new AudioFormatConverterNode(new AudioFormatConverterConfig(
            SampleFormat.I16, Dither.TPDF, AudioFormatConverterConfig.DEFAULT_DITHER_SEED));
        format = AudioFormat.f32(48000, 2);
      }
      case "ChannelMap" -> {
        instance = new ChannelMapNode(ChannelMapConfig.of(ChannelMapMode.DOWNMIX_AVERAGE));
        format = AudioFormat.f32(48000, 2);
      }
      case "Biquad" -> {
        instance = new BiquadNode(new BiquadConfig(FilterType.LOWPASS, 4000,
            BiquadConfig.BUTTERWORTH_Q, 0, 2));
        format = AudioFormat.f32(48000, 2);
      }
      case "DcBlocker" -> {
        instance = new DcBlockerNode(new DcBlockerConfig(DcBlockerConfig.DEFAULT_CUTOFF_HZ));
        format = AudioFormat.f32(48000, 2);
      }
      case "Mix" -> {
        instance = new MixNode(new MixConfig(2, true));
        format = AudioFormat.f32(48000, 4);
      }
      case "AudioChunker" -> {
        instance = new AudioChunkerNode(new AudioChunkerConfig(512, 128, false));
        format = AudioFormat.f32(48000, 2);
      }
      case "AudioBufferAccumulator" -> {
        instance = new AudioBufferAccumulatorNode(new AudioBufferAccumulatorConfig(100));
        format = AudioFormat.f32(48000, 2);
      }
      case "SilenceTrim" -> {
        instance = new SilenceTrimNode(new SilenceTrimConfig(
            SilenceTrimConfig.DEFAULT_THRESHOLD_DBFS, SilenceTrimConfig.DEFAULT_WINDOW_MS,
            SilenceTrimConfig.DEFAULT_MAX_HOLD_MS));
        format = AudioFormat.f32(48000, 2);
      }
      case "VAD" -> {
        instance = new VadNode(new VadConfig(VadMode.NORMAL, 20, 100, 250, 20, false));
        format = AudioFormat.f32(16000, 1);
      }
      default -> throw new IllegalArgumentException("unknown node " + node);
    }
    frames = format.sampleRateHz() / 50;
    AudioFormat output = instance.configure(format, frames);
    in = new float[frames * format.channelCount()];
    Random random = new Random(1);
    for (int i = 0; i < in.length; i++) {
      in[i] = (float) (random.nextGaussian() * 0.1);
    }
    out = new float[Math.max(instance.maxOutputFrames(frames), instance.maxFlushFrames())
        * output.channelCount()];
  }

  /**
   * One 20 ms chunk through the node; returns the frames written so nothing is elided.
   *
   * @return the frames written, so that the work is not eliminated
   */
  @Benchmark
  public int processChunk() {
    return instance.process(in, frames, out);
  }
}
