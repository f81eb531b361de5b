package io.remotemedia.bench.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The rounds of a unary side-by-side run, in slices: within a round each via runs in turn for
 * one slice (after a short settle, discarded), and again, until each has been measured for the
 * round's duration; the via that goes first turns with every slice. Run whole, one via after
 * another, a round measures the server in one stretch of 10 to 20 s and the in-process pipeline
 * in another; on a shared VM whose CPU slows by 10 to 35 % for tens of seconds at a time
 * (docs/performance.md), such a spell then falls on one via of a round and not the others, and
 * the round's ratio measures the machine. In slices of a second or two, it falls on every via
 * alike. Every via keeps its connections (and the in-process runner) open for the whole run.
 */
final class SlicedRounds {
  private SlicedRounds() {}

  /**
   * Warms each via up, then runs {@code rounds} rounds, printing each round's reports.
   *
   * @param vias the vias each round runs, in their first slice's order
   * @param options each via's settings in each round (the round counts from 0): its target,
   *     measured process and JSON report; round 0's warm-up is each via's warm-up before the
   *     first slice, and the duration is each via's measured time per round
   * @param slice how long each via is measured at a turn
   * @param settle how long each via runs unmeasured at the start of its turn
   * @param localCpus where the in-process slices run (null: where the process started)
   * @param startCpus where the process started (null when {@code localCpus} is)
   * @return each via's reports, one per round
   */
  static Map<Via, List<LoadReport>> run(BiFunction<Via, Integer, LoadOptions> options,
      List<Via> vias, int rounds, Duration slice, Duration settle, String localCpus,
      String startCpus)
      throws IOException, InterruptedException {
    Workload workload = Workload.of(options.apply(Via.REMOTE, 0));
    Map<Via, OpenCalls> open = new EnumMap<>(Via.class);
    try {
      for (Via via : vias) {
        open.put(via, OpenCalls.open(options.apply(via, 0), workload));
      }
      Turns turns = new Turns(open, localCpus, startCpus);
      for (Via via : vias) {
        LoadOptions first = options.apply(via, 0);
        turns.run(first.slice(first.warmup(), Duration.ZERO), new TreeMap<>());
      }
      long slices = Math.max(1, Math.round(
          options.apply(Via.REMOTE, 0).duration().toNanos() / (double) slice.toNanos()));
      Map<Via, List<LoadReport>> reports = new EnumMap<>(Via.class);
      for (int round = 0; round < rounds; round++) {
        Map<Via, Measurement.Snapshot> measured = new EnumMap<>(Via.class);
        Map<Via, Map<String, Long>> settleErrors = new EnumMap<>(Via.class);
        for (long k = 0; k < slices; k++) {
          for (int i = 0; i < vias.size(); i++) {
            Via via = vias.get((int) ((k + i) % vias.size()));
            Map<String, Long> errors = new TreeMap<>();
            Measurement.Snapshot part = turns.run(
                options.apply(via, round).slice(settle, slice), errors);
            measured.merge(via, part, Measurement.Snapshot::plus);
            errors.forEach((code, count) -> settleErrors
                .computeIfAbsent(via, v -> new TreeMap<>()).merge(code, count, Long::sum));
          }
        }
        for (Via via : vias) {
          Map<String, Object> extra = new LinkedHashMap<>();
          extra.put("request_bytes", workload.requestWireBytes());
          extra.put("response_bytes", workload.responseWireBytes());
          extra.put("slices", slices);
          extra.put("slice_seconds", slice.toMillis() / 1e3);
          extra.put("settle_seconds", settle.toMillis() / 1e3);
          LoadReport report = LoadGenerator.report(options.apply(via, round),
              measured.get(via), settleErrors.getOrDefault(via, Map.of()), extra);
          System.out.print(report.toText());
          reports.computeIfAbsent(via, v -> new ArrayList<>()).add(report);
        }
      }
      return reports;
    } finally {
      for (OpenCalls calls : open.values()) {
        calls.close();
      }
    }
  }

  /** One via's turn: its open calls driven as a slice's settings say, pinned if asked. */
  private record Turns(Map<Via, OpenCalls> open, String localCpus, String startCpus) {
    Measurement.Snapshot run(LoadOptions slice, Map<String, Long> settleErrors)
        throws IOException, InterruptedException {
      UnaryLoad load = new UnaryLoad(open.get(slice.via()).calls(), slice);
      ProcessCpu cpu = LoadGenerator.measuredProcess(slice);
      if (localCpus != null && slice.via() == Via.LOCAL) {
        return ProcessAffinity.during(localCpus, startCpus, () -> load.run(cpu, settleErrors));
      }
      return load.run(cpu, settleErrors);
    }
  }
}
