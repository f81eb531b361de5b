/**
 * The load generator, in the spirit of ghz: named scenarios run against a RemoteMedia server
 * (through the client SDK), against the {@link io.remotemedia.bench.echo echo} transport floor
 * or in-process, closed-loop or at a fixed arrival rate, and report HdrHistogram latencies,
 * throughput and errors by status code as text and JSON. Entry point: {@link
 * io.remotemedia.bench.load.LoadGenerator}.
 */
package io.remotemedia.bench.load;
