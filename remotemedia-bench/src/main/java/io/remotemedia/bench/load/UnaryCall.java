package io.remotemedia.bench.load;

/** One kind of unary call the load generator repeats. Thread-safe. */
@FunctionalInterface
interface UnaryCall {
  /** Makes one call and reports how it ended; failures are outcomes, not exceptions. */
  CallOutcome call();
}
