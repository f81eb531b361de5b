package io.remotemedia.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.remotemedia.bench.echo.EchoServer;
import io.remotemedia.bench.echo.PipelineEchoServer;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.server.RemoteMediaServer;
import io.remotemedia.server.ServerSettings;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A short smoke of the load generator against the real server and the echo floor on loopback:
 * it keeps the tool working. Seconds long, low rate, and no timing thresholds.
 */
class LoadGeneratorTest {
  @TempDir
  Path dir;

  private RemoteMediaServer server;
  private Server echo;

  @BeforeEach
  void startServers() throws Exception {
    server = new RemoteMediaServer(
        NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)),
        LocalPipelineRunner.create(),
        ServerSettings.defaults(ExecutionLimits.DEFAULTS.maxInputSamples()));
    server.start();
    echo = EchoServer.start(0);
  }

  @AfterEach
  void stopServers() throws InterruptedException {
    server.shutdown(Duration.ofSeconds(5));
    echo.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void run_unaryOpenLoop_reportsRequestsWithoutErrors() throws Exception {
    Map<String, Object> report = run("--scenario", "resample-1s", "--via", "remote",
        "--target", "127.0.0.1:" + server.port(), "--connections", "2", "--concurrency", "2",
        "--rate", "20", "--warmup", "0.5", "--duration", "2");

    assertSane(report);
    assertThat(report).containsEntry("via", "remote").containsEntry("open_loop", true);
    assertThat((Double) report.get("serialization_share")).isBetween(0.0, 1.0);
    assertThat((Double) report.get("server_wall_ms_mean")).isPositive();
  }

  @Test
  void run_echoClosedLoop_reportsRequestsWithoutErrors() throws Exception {
    Map<String, Object> report = run("--scenario", "resample-1s", "--via", "echo",
        "--target", "127.0.0.1:" + echo.getPort(), "--warmup", "0.5", "--requests", "50");

    assertSane(report);
    assertThat(((Number) report.get("requests")).longValue()).isGreaterThanOrEqualTo(50);
    assertThat(report.get("extra")).isInstanceOfSatisfying(Map.class, extra ->
        assertThat(((Number) extra.get("request_bytes")).intValue()).isGreaterThan(176_400));
  }

  @Test
  void run_streams_reportsChunkResultsWithoutErrors() throws Exception {
    Map<String, Object> report = run("--scenario", "streams-20ms",
        "--target", "127.0.0.1:" + server.port(), "--concurrency", "4", "--warmup", "0.5",
        "--duration", "2");

    assertSane(report);
    assertAtMostTheChunksDue(report, /* streams= */ 4, /* warmupSeconds= */ 0.5);
  }

  @Test
  void compare_twoReports_printsTheRatioOfEachFigure() throws Exception {
    run("--scenario", "resample-1s", "--via", "local", "--warmup", "0", "--requests", "5",
        "--json", dir.resolve("a.json").toString());
    run("--scenario", "resample-1s", "--via", "local", "--warmup", "0", "--requests", "5",
        "--json", dir.resolve("b.json").toString());

    String comparison = ReportComparison.compare(dir.resolve("a.json"), dir.resolve("b.json"));

    assertThat(comparison).contains("resample-1s/local").contains("latency p99 ms")
        .contains("rps");
  }

  @Test
  void run_streamsViaEcho_reportsChunkRepliesOfTheServersSizesWithoutErrors() throws Exception {
    Map<String, Object> report = run("--scenario", "streams-20ms", "--via", "echo",
        "--target", "127.0.0.1:" + echo.getPort(), "--connections", "2", "--concurrency", "4",
        "--warmup", "0.5", "--duration", "2");

    assertSane(report);
    assertAtMostTheChunksDue(report, /* streams= */ 4, /* warmupSeconds= */ 0.5);
    assertThat(report.get("extra")).isInstanceOfSatisfying(Map.class, extra -> {
      // 882 frames of F32 (3,528 bytes) in, 320 frames (1,280 bytes) out, plus the headers.
      assertThat(((Number) extra.get("chunk_message_bytes")).intValue()).isBetween(3_528, 3_600);
      assertThat(((Number) extra.get("result_message_bytes")).intValue()).isBetween(1_280, 1_350);
      assertThat(((Number) extra.get("streams_alive_at_end")).intValue()).isEqualTo(4);
    });
  }

  @Test
  void run_streamsViaLocal_reportsChunkResultsAndPipelineCpuWithoutErrors() throws Exception {
    Map<String, Object> report = run("--scenario", "streams-20ms", "--via", "local",
        "--concurrency", "4", "--warmup", "0.5", "--duration", "2");

    assertSane(report);
    assertAtMostTheChunksDue(report, /* streams= */ 4, /* warmupSeconds= */ 0.5);
    assertThat(report).containsEntry("via", "local");
    assertThat(((Number) report.get("pipeline_cpu_ms_per_call")).doubleValue()).isPositive();
    assertThat(report.get("extra")).isInstanceOfSatisfying(Map.class, extra ->
        assertThat(((Number) extra.get("streams_alive_at_end")).intValue()).isEqualTo(4));
  }

  @Test
  void sideBySide_streams_printsCpuPerChunkOfEachAndTheP4Ratio() throws Exception {
    long pid = ProcessHandle.current().pid();
    String text = SideBySide.run(new String[] {"--scenario", "streams-20ms",
        "--target", "127.0.0.1:" + server.port(), "--echo-target", "127.0.0.1:" + echo.getPort(),
        "--server-pid", Long.toString(pid), "--echo-pid", Long.toString(pid),
        "--concurrency", "2", "--rounds", "1", "--warmup", "0.5", "--rewarm", "0.2",
        "--duration", "1"});

    assertThat(text).contains("CPU per chunk (us):\n  server: median ")
        .contains("  in-process pipeline (thread CPU in push): median ");
    Matcher ratio = Pattern.compile(
        "P4 server / \\(echo \\+ 1\\.1 x in-process pipeline\\) \\(target <= 1\\): median"
            + " ([0-9.]+)")
        .matcher(text);
    assertThat(ratio.find()).as(text).isTrue();
    assertThat(Double.parseDouble(ratio.group(1))).isPositive();
  }

  @Test
  void sideBySide_unaryWithLocalCpus_printsTheP2RatioAndRestoresTheAffinity() throws Exception {
    String before = ProcessAffinity.current();
    String firstCpu = before.split("[,-]")[0];
    String text = SideBySide.run(new String[] {"--scenario", "resample-1s",
        "--target", "127.0.0.1:" + server.port(), "--echo-target", "127.0.0.1:" + echo.getPort(),
        "--concurrency", "1", "--rounds", "1", "--warmup", "0.5", "--rewarm", "0.2",
        "--duration", "1", "--local-cpus", firstCpu});

    Matcher ratio = Pattern.compile(
        "remote p95 / \\(echo p95 \\+ 1\\.15 x local p95\\): median ([0-9.]+) \\(target <= 1\\),"
            + " rounds \\[[0-9.]+\\]; of the figures' medians ([0-9.]+)")
        .matcher(text);
    assertThat(ratio.find()).as(text).isTrue();
    // One round: the median of the rounds' ratios is that round's, as is the figures' ratio.
    assertThat(ratio.group(1)).isEqualTo(ratio.group(2));
    assertThat(Double.parseDouble(ratio.group(1))).isPositive();
    assertThat(ProcessAffinity.current()).isEqualTo(before);
  }

  @Test
  void sideBySide_unarySliced_measuresEachViaForTheDurationInSlicesWithoutTheSettling()
      throws Exception {
    long pid = ProcessHandle.current().pid();
    String text = SideBySide.run(new String[] {"--scenario", "resample-1s",
        "--target", "127.0.0.1:" + server.port(), "--echo-target", "127.0.0.1:" + echo.getPort(),
        "--server-pid", Long.toString(pid), "--echo-pid", Long.toString(pid),
        "--concurrency", "1", "--rounds", "2", "--warmup", "0.5", "--duration", "0.6",
        "--slice", "0.2", "--settle", "0.3", "--json-dir", dir.toString()});

    assertThat(text).containsPattern(
        "remote p50 / \\(echo p50 \\+ 1\\.15 x local p50\\): median [0-9.]+ \\(target <= 1\\),"
            + " rounds \\[[0-9.]+, [0-9.]+\\]");
    for (String via : new String[] {"remote", "echo", "local"}) {
      for (int round = 0; round < 2; round++) {
        Map<String, Object> report = readReport(dir.resolve("resample-1s-" + via + "-r" + round
            + ".json"));
        assertSane(report);
        assertThat(report).containsEntry("via", via);
        @SuppressWarnings("unchecked")
        Map<String, Object> extra = (Map<String, Object>) report.get("extra");
        assertThat(((Number) extra.get("slices")).intValue()).isEqualTo(3);
        // Three slices of 0.2 s measured, each from the first call after its settling ends, so
        // a little less on a loaded machine (0.544 s in one CI run): more than two slices'
        // worth; the 0.3 s of settling before each is not measured (that would be 1.5 s).
        assertThat(((Number) report.get("measured_seconds")).doubleValue())
            .isGreaterThan(0.4).isLessThan(1.3);
      }
    }
  }

  @Test
  void sideBySide_withABareService_runsItEachRoundAndPrintsItsRatiosAndTheServersLead()
      throws Exception {
    Server bare = PipelineEchoServer.start(0);
    try {
      String text = SideBySide.run(new String[] {"--scenario", "resample-1s",
          "--target", "127.0.0.1:" + server.port(), "--echo-target", "127.0.0.1:" + echo.getPort(),
          "--bare-target", "127.0.0.1:" + bare.getPort(), "--concurrency", "1", "--rounds", "1",
          "--warmup", "0.3", "--duration", "0.4", "--slice", "0.2", "--settle", "0.1",
          "--json-dir", dir.toString()});

      assertThat(text).containsPattern("\nbare +[0-9.]+ ")
          .containsPattern("bare p95 / \\(echo p95 \\+ 1\\.15 x local p95\\): median [0-9.]+"
              + " \\(target <= 1\\), rounds \\[[0-9.]+\\]; of the figures' medians [0-9.]+");
      Map<String, Object> bareReport = readReport(dir.resolve("resample-1s-bare-r0.json"));
      assertSane(bareReport);
      assertThat(bareReport).containsEntry("via", "bare");
      Matcher lead = Pattern.compile("remote - bare p95 \\(ms\\): median (-?[0-9.]+)")
          .matcher(text);
      assertThat(lead.find()).as(text).isTrue();
      double remoteP95 = p95(readReport(dir.resolve("resample-1s-remote-r0.json")));
      assertThat(Double.parseDouble(lead.group(1)))
          .isCloseTo(remoteP95 - p95(bareReport), org.assertj.core.data.Offset.offset(0.002));
    } finally {
      bare.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void bare_withAStreamScenarioAManifestOrNoTarget_isRefusedNamingWhy() {
    assertThatThrownBy(() -> LoadOptionsParser.parse(
            new String[] {"--scenario", "streams-20ms", "--via", "bare"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--via bare: scenario streams-20ms is not unary; the bare service answers"
            + " unary calls only");
    assertThatThrownBy(() -> SideBySide.run(new String[] {"--scenario", "resample-10s",
        "--bare-target", "127.0.0.1:1", "--manifest", "m.yaml"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--via bare: the bare service runs its own resample of generated audio,"
            + " not --manifest");
    assertThatThrownBy(() -> SideBySide.run(new String[] {"--scenario", "resample-10s",
        "--bare-pid", "1"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--bare-pid: no --bare-target to measure");
  }

  @Test
  void sideBySide_streamsInSlices_isRefused() {
    assertThatThrownBy(() -> SideBySide.run(new String[] {"--scenario", "streams-20ms",
        "--slice", "1"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--slice: only unary scenarios run in slices, not streams-20ms");
  }

  @Test
  void sideBySide_badSliceOrSettle_isRefusedNamingTheOptionAndTheValue() {
    assertThatThrownBy(() -> SideBySide.run(new String[] {"--scenario", "resample-1s",
        "--slice", "0.0001"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--slice: at least 0.001 s, was 0.0001");
    assertThatThrownBy(() -> SideBySide.run(new String[] {"--scenario", "resample-1s",
        "--slice", "-2"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--slice: seconds from 0 to 86400, was -2");
    assertThatThrownBy(() -> SideBySide.run(new String[] {"--scenario", "resample-1s",
        "--slice", "1", "--settle", "half"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--settle: not a number of seconds: half");
  }

  @Test
  void snapshotPlus_addsLatenciesErrorsAndTimes_andKeepsAnUnmeasuredCpuUnmeasured() {
    org.HdrHistogram.Histogram first = new org.HdrHistogram.Histogram(3);
    first.recordValue(1_000_000);
    first.recordValue(3_000_000);
    org.HdrHistogram.Histogram second = new org.HdrHistogram.Histogram(3);
    second.recordValue(2_000_000);
    Measurement.Snapshot a = new Measurement.Snapshot(first, Map.of("UNAVAILABLE", 1L), 3, 0.5,
        2, 1.5, 0.25, Double.NaN, 10, 0);
    Measurement.Snapshot b = new Measurement.Snapshot(second,
        Map.of("UNAVAILABLE", 2L, "INTERNAL", 1L), 4, 0.25, 1, 0.5, 0.75, 4, 5, 0);

    Measurement.Snapshot sum = Measurement.Snapshot.empty().plus(a).plus(b);

    assertThat(sum.latencyNanos().getTotalCount()).isEqualTo(3);
    assertThat(sum.latencyNanos().getValueAtPercentile(50))
        .isEqualTo(sum.latencyNanos().highestEquivalentValue(2_000_000));
    assertThat(sum.errors()).containsExactlyInAnyOrderEntriesOf(
        Map.of("UNAVAILABLE", 3L, "INTERNAL", 1L));
    assertThat(sum.completed()).isEqualTo(7);
    assertThat(sum.elapsedSeconds()).isEqualTo(0.75);
    assertThat(sum.serverTimed()).isEqualTo(3);
    assertThat(sum.serverWallMs()).isEqualTo(2.0);
    assertThat(sum.serializationMs()).isEqualTo(1.0);
    assertThat(sum.processCpuMs()).isNaN();
    assertThat(sum.loadGeneratorCpuMs()).isEqualTo(15);
    assertThat(a.latencyNanos().getTotalCount()).as("the parts are left as they were").isEqualTo(2);
  }

  @Test
  void processAffinity_set_movesThisProcessAndCanBeUndone() throws Exception {
    String before = ProcessAffinity.current();
    String firstCpu = before.split("[,-]")[0];
    try {
      ProcessAffinity.set(firstCpu);
      assertThat(ProcessAffinity.current()).isEqualTo(firstCpu);
    } finally {
      ProcessAffinity.set(before);
    }
    assertThat(ProcessAffinity.current()).isEqualTo(before);
    assertThatThrownBy(() -> ProcessAffinity.set("no-such-cpu"))
        .hasMessageStartingWith("taskset -a -pc no-such-cpu ");
  }

  @Test
  void parse_connectionsViaEcho_isRefusedNamingTheScenario() {
    assertThatThrownBy(() -> LoadOptionsParser.parse(
            new String[] {"--scenario", "connections", "--via", "echo"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--via echo: scenario connections runs only against a server (--via remote)");
  }

  private Map<String, Object> run(String... args) throws Exception {
    Path json = dir.resolve("report-" + System.nanoTime() + ".json");
    String[] withJson = java.util.Arrays.copyOf(args, args.length + 2);
    withJson[args.length] = "--json";
    withJson[args.length + 1] = json.toString();
    boolean hasJson = java.util.Arrays.asList(args).contains("--json");
    LoadGenerator.run(LoadOptionsParser.parse(hasJson ? args : withJson));
    return readReport(hasJson ? Path.of(args[args.length - 1]) : json);
  }

  private static Map<String, Object> readReport(Path json) throws Exception {
    @SuppressWarnings("unchecked")
    Map<String, Object> report = (Map<String, Object>) new Yaml(
        new SafeConstructor(new LoaderOptions())).load(Files.readString(json));
    return report;
  }

  /**
   * No more results than chunks were due over the warm-up and the measured part, plus one per
   * stream (a late result of the warm-up may arrive in the measured part, but never one more
   * than was sent). Not a speed check: on a slow machine there are fewer.
   */
  private static void assertAtMostTheChunksDue(Map<String, Object> report, int streams,
      double warmupSeconds) {
    double seconds = warmupSeconds + ((Number) report.get("measured_seconds")).doubleValue();
    long due = (long) Math.ceil(streams * 50 * seconds) + streams;
    assertThat(((Number) report.get("requests")).longValue()).isBetween(1L, due);
  }

  @SuppressWarnings("unchecked")
  private static double p95(Map<String, Object> report) {
    return ((Number) ((Map<String, Object>) report.get("latency_ms")).get("p95")).doubleValue();
  }

  @SuppressWarnings("unchecked")
  private static void assertSane(Map<String, Object> report) {
    assertThat(((Number) report.get("requests")).longValue()).isPositive();
    assertThat(((Number) report.get("error_count")).longValue()).isZero();
    assertThat((Map<String, Object>) report.get("errors")).isEmpty();
    Map<String, Object> latency = (Map<String, Object>) report.get("latency_ms");
    double p50 = ((Number) latency.get("p50")).doubleValue();
    double p99 = ((Number) latency.get("p99")).doubleValue();
    double max = ((Number) latency.get("max")).doubleValue();
    assertThat(p50).isPositive().isLessThanOrEqualTo(p99);
    assertThat(p99).isLessThanOrEqualTo(max);
  }
}
