package io.remotemedia.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * Runs one scenario remote, against the echo floor and locally, interleaved for several rounds
 * in one process, and prints the median of each figure and of each round's ratios. For a
 * stream scenario it also prints the CPU per chunk of each and the cost-per-core ratio of
 * issue 15 (P4): server CPU per chunk / (echo CPU per chunk + 1.1 x in-process CPU per chunk),
 * which needs {@code --server-pid} and {@code --echo-pid}. The first round warms up for {@code
 * --warmup}; later rounds re-warm for {@code --rewarm} seconds after switching. With {@code
 * --local-cpus LIST} the in-process rounds run on those CPUs (the server's, for the pipeline
 * to be timed on the same CPU in both), the others where the process started.
 *
 * <p>With {@code --bare-target HOST:PORT} (and {@code --bare-pid}; unary scenarios only) a
 * fourth via runs in each round, {@link Via#BARE}: a bare grpc-java service running the same
 * pipeline, so that one run tells the server's own cost around the pipeline from what any
 * gRPC server pays; it gets the same ratios as the server, and the server's lead over it.
 *
 * <p>With {@code --slice SECONDS} (unary scenarios only) each round runs in slices ({@link
 * SlicedRounds}): every via in turn for that long, after {@code --settle} seconds (default 0.5)
 * unmeasured, until each has run for {@code --duration}; {@code --rewarm} is then unused.
 *
 * <pre>
 * LoadGenerator side-by-side --scenario resample-1s --target 127.0.0.1:50051 \
 *     --echo-target 127.0.0.1:50052 --rounds 3 --warmup 20 --duration 15 --json-dir out/
 * </pre>
 */
final class SideBySide {
  private SideBySide() {}

  static String run(String[] args) throws IOException, InterruptedException {
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    int rounds = Integer.parseInt(take(rest, "--rounds", "3"));
    String echoTarget = take(rest, "--echo-target", "127.0.0.1:50052");
    String echoPid = take(rest, "--echo-pid", null);
    String bareTarget = take(rest, "--bare-target", null);
    String barePid = take(rest, "--bare-pid", null);
    Duration rewarm = seconds("--rewarm", take(rest, "--rewarm", "3"));
    Optional<Path> jsonDir = Optional.ofNullable(take(rest, "--json-dir", null)).map(Path::of);
    String localCpus = take(rest, "--local-cpus", null);
    String startCpus = localCpus == null ? null : ProcessAffinity.current();
    String sliceText = take(rest, "--slice", null);
    Duration slice = sliceText == null ? Duration.ZERO : seconds("--slice", sliceText);
    if (sliceText != null && slice.toMillis() < 1) {
      throw new IllegalArgumentException("--slice: at least 0.001 s, was " + sliceText);
    }
    Duration settle = seconds("--settle", take(rest, "--settle", "0.5"));
    LoadOptions base = LoadOptionsParser.parse(rest.toArray(String[]::new));
    boolean streams = base.scenario().kind() == Scenario.Kind.STREAM;
    if (base.scenario().kind() == Scenario.Kind.CONNECTIONS) {
      throw new IllegalArgumentException("side-by-side: scenario " + base.scenario().cliName()
          + " has no echo floor");
    }
    if (!slice.isZero() && streams) {
      throw new IllegalArgumentException("--slice: only unary scenarios run in slices, not "
          + base.scenario().cliName());
    }
    if (barePid != null && bareTarget == null) {
      throw new IllegalArgumentException("--bare-pid: no --bare-target to measure");
    }
    if (bareTarget != null) {
      LoadOptionsParser.bareOnly(base.scenario(), base.manifest(), base.input());
    }
    List<Via> vias = bareTarget == null ? List.of(Via.REMOTE, Via.ECHO, Via.LOCAL)
        : List.of(Via.REMOTE, Via.ECHO, Via.BARE, Via.LOCAL);
    if (jsonDir.isPresent()) {
      Files.createDirectories(jsonDir.get());
    }
    BiFunction<Via, Integer, LoadOptions> options = (via, round) -> new LoadOptions(
        base.scenario(), via,
        via == Via.ECHO ? echoTarget : via == Via.BARE ? bareTarget : base.target(),
        base.connections(),
        base.concurrency(), base.ratePerSecond(),
        round == 0 ? base.warmup() : slice.isZero() ? rewarm : settle,
        base.duration(), base.requests(), base.chunkMs(), base.manifest(), base.input(),
        base.source(), base.tlsCa(), base.token(),
        jsonDir.map(dir -> dir.resolve(base.scenario().cliName() + "-" + via.cliName()
            + "-r" + round + ".json")),
        via == Via.ECHO ? Optional.ofNullable(echoPid).map(Long::parseLong)
            : via == Via.BARE ? Optional.ofNullable(barePid).map(Long::parseLong)
            : base.serverPid());
    Map<Via, List<LoadReport>> reports = slice.isZero()
        ? interleaved(options, vias, rounds, localCpus, startCpus)
        : SlicedRounds.run(options, vias, rounds, slice, settle, localCpus, startCpus);
    return streams ? streamSummary(base, reports, rounds) : summary(base, reports, rounds);
  }

  /** Each round runs each via whole, one after another. */
  private static Map<Via, List<LoadReport>> interleaved(
      BiFunction<Via, Integer, LoadOptions> options, List<Via> vias, int rounds,
      String localCpus, String startCpus) throws IOException, InterruptedException {
    Map<Via, List<LoadReport>> reports = new EnumMap<>(Via.class);
    for (int round = 0; round < rounds; round++) {
      for (Via via : vias) {
        LoadOptions run = options.apply(via, round);
        LoadReport report = localCpus != null && via == Via.LOCAL
            ? ProcessAffinity.during(localCpus, startCpus, () -> LoadGenerator.run(run))
            : LoadGenerator.run(run);
        System.out.print(report.toText());
        reports.computeIfAbsent(via, v -> new ArrayList<>()).add(report);
      }
    }
    return reports;
  }

  /** {@return {@code value}, seconds of {@code option}} Refuses what is not a number ≥ 0. */
  private static Duration seconds(String option, String value) {
    double seconds;
    try {
      seconds = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": not a number of seconds: " + value);
    }
    if (!(seconds >= 0) || seconds > 86_400) {
      throw new IllegalArgumentException(option + ": seconds from 0 to 86400, was " + value);
    }
    return Duration.ofMillis(Math.round(seconds * 1000));
  }

  private static String streamSummary(LoadOptions base, Map<Via, List<LoadReport>> reports,
      int rounds) {
    StringBuilder text = new StringBuilder(medians(base, reports, rounds));
    List<LoadReport> remote = reports.get(Via.REMOTE);
    List<LoadReport> echo = reports.get(Via.ECHO);
    double[] p50 = new double[rounds];
    double[] p99 = new double[rounds];
    double[] rps = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      p50[i] = pct(remote.get(i), 50) / pct(echo.get(i), 50);
      p99[i] = pct(remote.get(i), 99) / pct(echo.get(i), 99);
      rps[i] = remote.get(i).rps() / echo.get(i).rps();
    }
    text.append(figure("remote/echo chunk latency p50", p50));
    text.append(figure("remote/echo chunk latency p99", p99));
    text.append(figure("remote/echo results per second", rps));
    text.append(chunkCpu(reports, rounds));
    text.append("machine: ").append(LoadReport.machine()).append('\n');
    return text.toString();
  }

  /**
   * CPU per chunk, in microseconds: the server's and the echo server's (from their pids), the
   * in-process pipeline's (thread CPU inside push) and the in-process run's whole process; then
   * each round's P4 ratio, server / (echo + 1.1 x in-process).
   */
  private static String chunkCpu(Map<Via, List<LoadReport>> reports, int rounds) {
    double[] server = perRound(reports.get(Via.REMOTE), r -> 1000 * r.cpuMsPerCall());
    double[] floor = perRound(reports.get(Via.ECHO), r -> 1000 * r.cpuMsPerCall());
    double[] pipeline = perRound(reports.get(Via.LOCAL), r -> 1000 * r.pipelineCpuMsPerCall());
    double[] process = perRound(reports.get(Via.LOCAL), r -> 1000 * r.cpuMsPerCall());
    double[] ratio = new double[rounds];
    double[] processRatio = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      ratio[i] = server[i] / (floor[i] + 1.1 * pipeline[i]);
      processRatio[i] = server[i] / (floor[i] + 1.1 * process[i]);
    }
    StringBuilder text = new StringBuilder("CPU per chunk (us):\n");
    text.append(figure("  server", server));
    text.append(figure("  echo floor", floor));
    text.append(figure("  in-process pipeline (thread CPU in push)", pipeline));
    text.append(figure("  in-process whole process (with pacing, GC, JIT)", process));
    if (Arrays.stream(ratio).anyMatch(Double::isNaN)) {
      text.append("P4 server / (echo + 1.1 x in-process): needs --server-pid and --echo-pid\n");
    } else {
      text.append(figure("P4 server / (echo + 1.1 x in-process pipeline) (target <= 1)",
          ratio));
      text.append(figure("  the same with the in-process whole process", processRatio));
    }
    return text.toString();
  }

  private static String medians(LoadOptions base, Map<Via, List<LoadReport>> reports,
      int rounds) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
        "%nside by side: %s, %d rounds, medians (ms)%n%-8s %9s %9s %9s %9s %9s %9s %8s %8s%n",
        base.scenario().cliName(), rounds, "via", "p50", "p90", "p95", "p99", "max", "rps",
        "errors", "cpu/call"));
    for (Map.Entry<Via, List<LoadReport>> entry : reports.entrySet()) {
      List<LoadReport> list = entry.getValue();
      text.append(String.format(Locale.ROOT,
          "%-8s %9.3f %9.3f %9.3f %9.3f %9.3f %9.1f %8.0f %8.3f%n", entry.getKey().cliName(),
          median(list, r -> pct(r, 50)), median(list, r -> pct(r, 90)),
          median(list, r -> pct(r, 95)), median(list, r -> pct(r, 99)),
          median(list, r -> r.snapshot().latencyNanos().getMaxValue() / 1e6),
          median(list, LoadReport::rps), median(list, r -> r.errorCount()),
          median(list, LoadReport::cpuMsPerCall)));
    }
    return text.toString();
  }

  private static String summary(LoadOptions base, Map<Via, List<LoadReport>> reports,
      int rounds) {
    StringBuilder text = new StringBuilder(medians(base, reports, rounds));
    List<LoadReport> remote = reports.get(Via.REMOTE);
    List<LoadReport> echo = reports.get(Via.ECHO);
    List<LoadReport> local = reports.get(Via.LOCAL);
    text.append(budget("remote", remote, echo, local, 50));
    text.append(budget("remote", remote, echo, local, 95));
    double[] p50Ratio = new double[rounds];
    double[] p95Ratio = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      p50Ratio[i] = pct(remote.get(i), 50) / pct(local.get(i), 50);
      p95Ratio[i] = pct(remote.get(i), 95) / pct(local.get(i), 95);
    }
    List<LoadReport> bare = reports.get(Via.BARE);
    if (bare != null) {
      text.append(budget("bare", bare, echo, local, 50));
      text.append(budget("bare", bare, echo, local, 95));
      text.append(figure("remote - bare p50 (ms)", difference(remote, bare, 50)));
      text.append(figure("remote - bare p95 (ms)", difference(remote, bare, 95)));
    }
    text.append(String.format(Locale.ROOT, "remote/local p50: median %.3f, rounds %s%n",
        median(p50Ratio), format(p50Ratio)));
    text.append(String.format(Locale.ROOT, "remote/local p95: median %.3f, rounds %s%n",
        median(p95Ratio), format(p95Ratio)));
    text.append(String.format(Locale.ROOT,
        "serialization share of server time (remote): median %.2f %%, rounds %s%n",
        100 * median(remote, LoadReport::serializationShare),
        Arrays.toString(remote.stream().mapToDouble(r -> 100 * r.serializationShare())
            .mapToObj(v -> String.format(Locale.ROOT, "%.2f", v)).toArray())));
    text.append("machine: ").append(LoadReport.machine()).append('\n');
    return text.toString();
  }

  /**
   * One line: {@code leg}'s latency at {@code percentile} against the echo floor's plus 1.15
   * times the in-process one, the median of the rounds' ratios, the rounds, and the ratio of
   * the three figures' medians (issue 15's P1 at p50, P2 at p95).
   */
  private static String budget(String leg, List<LoadReport> measured, List<LoadReport> echo,
      List<LoadReport> local, int percentile) {
    double[] rounds = new double[measured.size()];
    for (int i = 0; i < rounds.length; i++) {
      rounds[i] = pct(measured.get(i), percentile)
          / (pct(echo.get(i), percentile) + 1.15 * pct(local.get(i), percentile));
    }
    return String.format(Locale.ROOT,
        "%s p%d / (echo p%2$d + 1.15 x local p%2$d): median %.3f (target <= 1), rounds %s;"
            + " of the figures' medians %.3f%n", leg, percentile, median(rounds),
        format(rounds), median(measured, r -> pct(r, percentile))
            / (median(echo, r -> pct(r, percentile))
                + 1.15 * median(local, r -> pct(r, percentile))));
  }

  private static double[] difference(List<LoadReport> first, List<LoadReport> second,
      int percentile) {
    double[] rounds = new double[first.size()];
    for (int i = 0; i < rounds.length; i++) {
      rounds[i] = pct(first.get(i), percentile) - pct(second.get(i), percentile);
    }
    return rounds;
  }

  private static double pct(LoadReport report, double percentile) {
    Histogram h = report.snapshot().latencyNanos();
    return h.getValueAtPercentile(percentile) / 1e6;
  }

  private static double median(List<LoadReport> reports, ToDoubleFunction<LoadReport> figure) {
    return median(reports.stream().mapToDouble(figure).toArray());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  private static double[] perRound(List<LoadReport> reports,
      ToDoubleFunction<LoadReport> figure) {
    return reports.stream().mapToDouble(figure).toArray();
  }

  /** One line: {@code name: median M, rounds [r1, r2, ...]}. */
  private static String figure(String name, double[] values) {
    return String.format(Locale.ROOT, "%s: median %.3f, rounds %s%n", name, median(values),
        format(values));
  }

  private static String format(double[] values) {
    return Arrays.toString(Arrays.stream(values)
        .mapToObj(v -> String.format(Locale.ROOT, "%.3f", v)).toArray());
  }

  private static String take(List<String> args, String option, String fallback) {
    int at = args.indexOf(option);
    if (at < 0) {
      return fallback;
    }
    if (at + 1 >= args.size()) {
      throw new IllegalArgumentException(option + ": missing value");
    }
    String value = args.get(at + 1);
    args.subList(at, at + 2).clear();
    return value;
  }
}
