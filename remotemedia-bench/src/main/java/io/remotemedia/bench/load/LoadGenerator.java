package io.remotemedia.bench.load;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.pipeline.LocalPipelineRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's command line: {@code run} one scenario and print its report (and write
 * it as JSON), run one scenario {@code side-by-side} remote, on the echo floor and locally in
 * interleaved rounds, or {@code compare} two JSON reports. One client, with its own channel, per
 * connection.
 *
 * <pre>
 * java -cp remotemedia-bench/target/benchmarks.jar io.remotemedia.bench.load.LoadGenerator \
 *     run --scenario resample-1s --target 127.0.0.1:50051 --warmup 20 --duration 30 --json a.json
 * </pre>
 */
public final class LoadGenerator {
  private LoadGenerator() {}

  /**
   * Runs the command line; exits 2 on bad arguments.
   *
   * @param args a scenario and its options, {@code compare A.json B.json}, or {@code side-by-side
   *     ...}; see docs/performance.md
   * @throws IOException if an input file cannot be read or the report cannot be written
   * @throws InterruptedException if interrupted while the load runs
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    try {
      if (args.length == 3 && args[0].equals("compare")) {
        System.out.print(ReportComparison.compare(java.nio.file.Path.of(args[1]),
            java.nio.file.Path.of(args[2])));
        return;
      }
      if (args.length > 0 && args[0].equals("side-by-side")) {
        System.out.print(SideBySide.run(Arrays.copyOfRange(args, 1, args.length)));
        return;
      }
      if (args.length == 0 || !args[0].equals("run")) {
        System.err.print(LoadOptionsParser.USAGE);
        System.exit(2);
      }
      LoadReport report = run(LoadOptionsParser.parse(Arrays.copyOfRange(args, 1, args.length)));
      System.out.print(report.toText());
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
    }
  }

  /**
   * Runs one scenario as {@code options} say, writes the JSON report if asked, and returns it.
   *
   * @param options the scenario, the target, the rate or concurrency, the durations and the report
   *     file
   * @return the report: latencies, throughput, errors and CPU
   * @throws IOException if an input file cannot be read or the report cannot be written
   * @throws InterruptedException if interrupted while the load runs
   */
  public static LoadReport run(LoadOptions options) throws IOException, InterruptedException {
    Workload workload = Workload.of(options);
    ProcessCpu cpu = measuredProcess(options);
    Map<String, Object> extra = new LinkedHashMap<>();
    Map<String, Long> warmupErrors = new java.util.TreeMap<>();
    Measurement.Snapshot snapshot = switch (options.scenario().kind()) {
      case UNARY -> runUnary(options, workload, cpu, warmupErrors, extra);
      case STREAM -> runStreams(options, workload, cpu, warmupErrors, extra);
      case CONNECTIONS -> runConnections(options, cpu, warmupErrors, extra);
    };
    return report(options, snapshot, warmupErrors, extra);
  }

  /**
   * {@return the process whose CPU time {@code options} reports: this one for in-process runs,
   * else the server's if its pid is known; null if none}
   */
  static ProcessCpu measuredProcess(LoadOptions options) {
    return options.via() == Via.LOCAL ? new ProcessCpu(ProcessHandle.current().pid())
        : options.serverPid().map(ProcessCpu::new).orElse(null);
  }

  /**
   * {@return the report of {@code snapshot}, written as JSON where {@code options} say} The
   * warm-up's errors, if any, are in {@code extra} as {@code before_measuring}.
   *
   * @throws IOException if the JSON report cannot be written
   */
  static LoadReport report(LoadOptions options, Measurement.Snapshot snapshot,
      Map<String, Long> warmupErrors, Map<String, Object> extra) throws IOException {
    if (!warmupErrors.isEmpty()) {
      extra.put("before_measuring", warmupErrors);
    }
    LoadReport report = new LoadReport(options, snapshot, extra, Instant.now());
    if (options.jsonOut().isPresent()) {
      Files.writeString(options.jsonOut().get(), report.toJson() + "\n",
          StandardCharsets.UTF_8);
    }
    return report;
  }

  private static Measurement.Snapshot runUnary(LoadOptions options, Workload workload,
      ProcessCpu cpu, Map<String, Long> warmupErrors, Map<String, Object> extra)
      throws IOException, InterruptedException {
    extra.put("request_bytes", workload.requestWireBytes());
    extra.put("response_bytes", workload.responseWireBytes());
    try (OpenCalls open = OpenCalls.open(options, workload)) {
      return new UnaryLoad(open.calls(), options).run(cpu, warmupErrors);
    }
  }

  private static Measurement.Snapshot runStreams(LoadOptions options, Workload workload,
      ProcessCpu cpu, Map<String, Long> warmupErrors, Map<String, Object> extra)
      throws IOException, InterruptedException {
    extra.put("streams", options.concurrency());
    extra.put("chunk_ms", options.chunkMs());
    if (options.via() == Via.ECHO) {
      int messageBytes = workload.streamChunkWireBytes(options.chunkMs());
      int replyBytes = workload.streamResultWireBytes(options.chunkMs());
      extra.put("chunk_message_bytes", messageBytes);
      extra.put("result_message_bytes", replyBytes);
      List<ManagedChannel> channels = echoChannels(options);
      try {
        return runStreams(new StreamLoad(EchoStreams.opener(channels, messageBytes, replyBytes),
            options), cpu, warmupErrors, extra);
      } finally {
        for (ManagedChannel channel : channels) {
          channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      }
    }
    if (options.via() == Via.LOCAL) {
      // Room for every stream of the run, however many: the reference must not refuse any.
      LocalPipelineRunner runner = LocalPipelineRunner.builder()
          .maxStreams(Math.max(LocalPipelineRunner.DEFAULT_MAX_STREAMS, options.concurrency()))
          .build();
      return runStreams(new StreamLoad(LocalStreams.opener(runner, workload, options.chunkMs()),
          options), cpu, warmupErrors, extra);
    }
    // Stream results are recorded where they arrive: the listener only records a latency.
    List<RemoteMediaClient> clients = clients(options, Runnable::run);
    try {
      return runStreams(new StreamLoad(StreamLoad.remote(clients, workload, options.chunkMs()),
          options), cpu, warmupErrors, extra);
    } finally {
      clients.forEach(RemoteMediaClient::close);
    }
  }

  private static Measurement.Snapshot runStreams(StreamLoad load, ProcessCpu cpu,
      Map<String, Long> warmupErrors, Map<String, Object> extra) throws InterruptedException {
    Measurement.Snapshot snapshot = load.run(cpu, warmupErrors);
    extra.put("streams_alive_at_end", load.aliveAtEnd());
    return snapshot;
  }

  static List<ManagedChannel> echoChannels(LoadOptions options) {
    List<ManagedChannel> channels = new ArrayList<>();
    for (int i = 0; i < options.connections(); i++) {
      // Like the SDK's stream clients above, results are recorded where they arrive.
      channels.add(NettyChannelBuilder.forTarget(options.target())
          .usePlaintext()
          .directExecutor()
          .maxInboundMessageSize(Integer.MAX_VALUE)
          .build());
    }
    return channels;
  }

  private static Measurement.Snapshot runConnections(LoadOptions options, ProcessCpu cpu,
      Map<String, Long> warmupErrors, Map<String, Object> extra)
      throws IOException, InterruptedException {
    List<RemoteMediaClient> clients = clients(options);
    try {
      // Every connection makes its first call before the load starts, so all are open.
      long opened = clients.parallelStream()
          .filter(client -> UnaryCalls.version(client).call().ok())
          .count();
      extra.put("connections_opened", opened);
      List<UnaryCall> calls = new ArrayList<>();
      for (RemoteMediaClient client : clients) {
        calls.add(UnaryCalls.version(client));
      }
      return new UnaryLoad(calls, options).run(cpu, warmupErrors);
    } finally {
      clients.parallelStream().forEach(RemoteMediaClient::close);
    }
  }

  static List<RemoteMediaClient> clients(LoadOptions options) throws IOException {
    return clients(options, null);
  }

  /** One client per connection; {@code executor} runs their callbacks (null: the default). */
  private static List<RemoteMediaClient> clients(LoadOptions options, Executor executor)
      throws IOException {
    String ca = options.tlsCa().isPresent() ? Files.readString(options.tlsCa().get()) : null;
    List<RemoteMediaClient> clients = new ArrayList<>();
    for (int i = 0; i < options.connections(); i++) {
      RemoteMediaClient.Builder builder = RemoteMediaClient.builder()
          .deadline(Duration.ofSeconds(60));
      if (options.target().contains(",")) {
        // Replicas: the SDK's round-robin over a static list.
        builder.addresses(List.of(options.target().split(",")));
      } else {
        builder.target(options.target());
      }
      if (ca != null) {
        builder.tls(ca);
      }
      options.token().ifPresent(builder::token);
      if (executor != null) {
        builder.executor(executor);
      }
      clients.add(builder.build());
    }
    return clients;
  }
}
