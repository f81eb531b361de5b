/**
 * Resampler benchmarks: {@link io.remotemedia.bench.resample.ResampleBenchmark} (JMH, times
 * realtime per core) and {@link io.remotemedia.bench.resample.ResampleVsSoxr} (CPU time side by
 * side with soxr on the same long float32 WAV file).
 */
package io.remotemedia.bench.resample;
