package io.remotemedia.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a run records: every latency in an HdrHistogram {@link Recorder} (nanoseconds, 3
 * significant digits), errors by code, and the server's own times. {@link #restart()} drops
 * what was recorded so far, at the end of the warm-up. Thread-safe.
 */
final class Measurement {
  private final Recorder recorder = new Recorder(3);
  private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
  private final LongAdder completed = new LongAdder();
  private final DoubleAdder serverWallMs = new DoubleAdder();
  private final DoubleAdder serializationMs = new DoubleAdder();
  private final LongAdder serverTimed = new LongAdder();
  private final LongAdder pipelineCpuNanos = new LongAdder();
  private final ProcessCpu cpu;
  private volatile long startNanos = System.nanoTime();
  private volatile double startCpuMs;
  private final ProcessCpu self = new ProcessCpu(ProcessHandle.current().pid());
  private volatile double startSelfCpuMs = self.cpuMs();

  /** Records latencies, and the CPU time of {@code cpu} if not null. */
  Measurement(ProcessCpu cpu) {
    this.cpu = cpu;
    this.startCpuMs = cpu == null ? 0 : cpu.cpuMs();
  }

  /** Records one call that took {@code latencyNanos} from its intended start. */
  void record(long latencyNanos, CallOutcome outcome) {
    recorder.recordValue(Math.max(0, latencyNanos));
    completed.increment();
    if (!outcome.ok()) {
      error(outcome.errorCode());
    } else if (outcome.serverWallMs() > 0) {
      serverWallMs.add(outcome.serverWallMs());
      serializationMs.add(outcome.serializationMs());
      serverTimed.increment();
    }
  }

  /** Records a failure that has no latency, such as a stream that could not open. */
  void error(String code) {
    errors.computeIfAbsent(code, c -> new LongAdder()).increment();
  }

  /** Adds CPU time spent inside an in-process pipeline for one chunk or call. */
  void pipelineCpu(long nanos) {
    pipelineCpuNanos.add(nanos);
  }

  /** Calls completed since the last restart, successful or not. */
  long completed() {
    return completed.sum();
  }

  /**
   * Forgets everything recorded so far and restarts the clock.
   *
   * @return the errors recorded before, by code, so the warm-up's failures stay visible
   */
  Map<String, Long> restart() {
    Map<String, Long> before = new TreeMap<>();
    errors.forEach((code, count) -> before.put(code, count.sum()));
    recorder.getIntervalHistogram();
    errors.clear();
    completed.reset();
    serverWallMs.reset();
    serializationMs.reset();
    serverTimed.reset();
    pipelineCpuNanos.reset();
    startNanos = System.nanoTime();
    startCpuMs = cpu == null ? 0 : cpu.cpuMs();
    startSelfCpuMs = self.cpuMs();
    return before;
  }

  /** Ends the measured interval: what was recorded since the last restart. */
  Snapshot finish() {
    long elapsedNanos = System.nanoTime() - startNanos;
    double cpuMs = cpu == null ? Double.NaN : cpu.cpuMs() - startCpuMs;
    Histogram histogram = recorder.getIntervalHistogram();
    Map<String, Long> errorCounts = new TreeMap<>();
    errors.forEach((code, count) -> errorCounts.put(code, count.sum()));
    return new Snapshot(histogram, errorCounts, completed.sum(), elapsedNanos / 1e9,
        serverTimed.sum(), serverWallMs.sum(), serializationMs.sum(), cpuMs,
        self.cpuMs() - startSelfCpuMs, pipelineCpuNanos.sum() / 1e6);
  }

  /**
   * The measured interval.
   *
   * @param latencyNanos every latency, in nanoseconds
   * @param errors errors by code
   * @param completed calls that ended, successful or not
   * @param elapsedSeconds the length of the interval
   * @param serverTimed successful calls whose response carried server times
   * @param serverWallMs the sum of their server pipeline wall times
   * @param serializationMs the sum of their server serialization times
   * @param processCpuMs CPU time of the measured process over the interval; NaN if none
   * @param loadGeneratorCpuMs CPU time of this process over the interval
   * @param pipelineCpuMs thread CPU time spent inside an in-process pipeline over the interval
   *     (in-process streams only; 0 otherwise)
   */
  record Snapshot(Histogram latencyNanos, Map<String, Long> errors, long completed,
      double elapsedSeconds, long serverTimed, double serverWallMs, double serializationMs,
      double processCpuMs, double loadGeneratorCpuMs, double pipelineCpuMs) {

    /** {@return an interval with nothing recorded, to add others to} */
    static Snapshot empty() {
      return new Snapshot(new Histogram(3), Map.of(), 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /**
     * {@return this interval and {@code other} as one: latencies, errors, counts, lengths and
     * times added} A CPU time that either did not measure (NaN) stays NaN.
     */
    Snapshot plus(Snapshot other) {
      Histogram latencies = new Histogram(3);
      latencies.add(latencyNanos);
      latencies.add(other.latencyNanos);
      Map<String, Long> errorCounts = new TreeMap<>(errors);
      other.errors.forEach((code, count) -> errorCounts.merge(code, count, Long::sum));
      return new Snapshot(latencies, errorCounts, completed + other.completed,
          elapsedSeconds + other.elapsedSeconds, serverTimed + other.serverTimed,
          serverWallMs + other.serverWallMs, serializationMs + other.serializationMs,
          processCpuMs + other.processCpuMs, loadGeneratorCpuMs + other.loadGeneratorCpuMs,
          pipelineCpuMs + other.pipelineCpuMs);
    }
  }
}
