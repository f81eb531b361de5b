package io.remotemedia.bench.load;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The outcome of one run, as readable text and as JSON (with the whole histogram, compressed
 * and base64-encoded, for later analysis).
 *
 * @param options the run's settings
 * @param snapshot what the measured part recorded
 * @param extra scenario facts such as payload sizes or connections opened, by name
 * @param date when the run ended
 */
record LoadReport(LoadOptions options, Measurement.Snapshot snapshot, Map<String, Object> extra,
    Instant date) {
  private static final double[] PERCENTILES = {50, 90, 95, 99, 99.9};

  /** Calls per second over the measured part, successful or not. */
  double rps() {
    return snapshot.completed() / snapshot.elapsedSeconds();
  }

  long errorCount() {
    return snapshot.errors().values().stream().mapToLong(Long::longValue).sum();
  }

  /** Serialization share of server time: serialization / (pipeline wall + serialization). */
  double serializationShare() {
    double total = snapshot.serverWallMs() + snapshot.serializationMs();
    return total == 0 ? 0 : snapshot.serializationMs() / total;
  }

  /** CPU time of the measured process per completed call, in milliseconds. */
  double cpuMsPerCall() {
    return snapshot.processCpuMs() / snapshot.completed();
  }

  /**
   * Thread CPU time spent inside the in-process pipeline per completed call, in milliseconds;
   * NaN when the run did not measure it (anything but in-process streams).
   */
  double pipelineCpuMsPerCall() {
    return snapshot.pipelineCpuMs() > 0 ? snapshot.pipelineCpuMs() / snapshot.completed()
        : Double.NaN;
  }

  /** This process's CPU time over the measured part, in cores (1.0 = one core busy). */
  double loadGeneratorCpuShare() {
    return snapshot.loadGeneratorCpuMs() / 1000 / snapshot.elapsedSeconds();
  }

  private static double ms(double nanos) {
    return nanos / 1e6;
  }

  String toText() {
    Histogram h = snapshot.latencyNanos();
    StringBuilder text = new StringBuilder();
    text.append(String.format(Locale.ROOT, "scenario %s via %s -> %s%n",
        options.scenario().cliName(), options.via().cliName(), options.target()));
    text.append(String.format(Locale.ROOT,
        "  %s, connections %d, concurrency %d, warm-up %.1f s, measured %.1f s%n",
        options.scenario().kind() == Scenario.Kind.STREAM
            ? "paced, one chunk every " + options.chunkMs() + " ms per stream"
            : options.openLoop() ? "open loop at " + options.ratePerSecond() + "/s"
            : "closed loop",
        options.connections(), options.concurrency(), options.warmup().toMillis() / 1e3,
        snapshot.elapsedSeconds()));
    text.append(String.format(Locale.ROOT, "  requests %d, %.1f/s, errors %d %s%n",
        snapshot.completed(), rps(), errorCount(), snapshot.errors()));
    text.append("  latency ms:");
    for (double p : PERCENTILES) {
      text.append(String.format(Locale.ROOT, " p%s %.3f", label(p),
          ms(h.getValueAtPercentile(p))));
    }
    text.append(String.format(Locale.ROOT, " max %.3f mean %.3f%n", ms(h.getMaxValue()),
        ms(h.getMean())));
    if (snapshot.serverTimed() > 0) {
      text.append(String.format(Locale.ROOT,
          "  server per call: pipeline wall %.3f ms, serialization %.3f ms (%.2f %% of both)%n",
          snapshot.serverWallMs() / snapshot.serverTimed(),
          snapshot.serializationMs() / snapshot.serverTimed(), 100 * serializationShare()));
    }
    if (!Double.isNaN(snapshot.processCpuMs())) {
      text.append(String.format(Locale.ROOT, "  %s CPU per call %.3f ms%n",
          options.via() == Via.LOCAL ? "process" : "server", cpuMsPerCall()));
    }
    if (!Double.isNaN(pipelineCpuMsPerCall())) {
      text.append(String.format(Locale.ROOT, "  pipeline thread CPU per call %.3f ms%n",
          pipelineCpuMsPerCall()));
    }
    text.append(String.format(Locale.ROOT, "  load generator CPU %.1f %% of one core%n",
        loadGeneratorCpuShare() * 100));
    extra.forEach((key, value) -> text.append("  ").append(key).append(' ').append(value)
        .append('\n'));
    text.append("  date ").append(date).append(", ").append(machine()).append('\n');
    return text.toString();
  }

  String toJson() {
    Histogram h = snapshot.latencyNanos();
    JsonText json = new JsonText();
    json.field("scenario", options.scenario().cliName())
        .field("via", options.via().cliName())
        .field("target", options.target())
        .field("connections", options.connections())
        .field("concurrency", options.concurrency())
        .field("open_loop", options.openLoop())
        .field("rate_per_second", options.ratePerSecond())
        .field("warmup_seconds", options.warmup().toMillis() / 1e3)
        .field("measured_seconds", snapshot.elapsedSeconds())
        .field("requests", snapshot.completed())
        .field("rps", rps())
        .field("error_count", errorCount())
        .object("errors", snapshot.errors());
    JsonText latency = new JsonText();
    for (double p : PERCENTILES) {
      latency.field("p" + label(p).replace('.', '_'), ms(h.getValueAtPercentile(p)));
    }
    latency.field("max", ms(h.getMaxValue())).field("mean", ms(h.getMean()));
    json.raw("latency_ms", latency.close());
    if (snapshot.serverTimed() > 0) {
      json.field("server_wall_ms_mean", snapshot.serverWallMs() / snapshot.serverTimed())
          .field("serialization_ms_mean", snapshot.serializationMs() / snapshot.serverTimed())
          .field("serialization_share", serializationShare());
    }
    if (!Double.isNaN(snapshot.processCpuMs())) {
      json.field("cpu_ms_per_call", cpuMsPerCall());
    }
    if (!Double.isNaN(pipelineCpuMsPerCall())) {
      json.field("pipeline_cpu_ms_per_call", pipelineCpuMsPerCall());
    }
    json.field("load_generator_cpu_cores", loadGeneratorCpuShare());
    json.object("extra", extra)
        .field("date", date.toString())
        .field("machine", machine())
        .field("histogram_base64", encode(h));
    return json.close();
  }

  private static String label(double percentile) {
    return percentile == Math.rint(percentile) ? Integer.toString((int) percentile)
        : Double.toString(percentile);
  }

  static String machine() {
    return "nproc " + Runtime.getRuntime().availableProcessors() + ", java "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + ", " + System.getProperty("os.name") + " " + System.getProperty("os.arch");
  }

  private static String encode(Histogram histogram) {
    ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(
        java.util.Arrays.copyOf(buffer.array(), length));
  }
}
