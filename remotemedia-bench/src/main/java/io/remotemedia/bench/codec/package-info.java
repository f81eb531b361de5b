/**
 * The audio codecs measured: CPU per 20 ms frame (JMH, {@code CodecFrameBenchmark}) and
 * bandwidth per stream on the wire for each encoding against PCM ({@code StreamBandwidth}).
 */
package io.remotemedia.bench.codec;
