package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import org.junit.jupiter.api.Test;

/**
 * The status texts grpc-java 1.85.1's deframer ends a stream with (copied from its
 * MessageDeframer and AbstractServerStream), explained as the client's mistakes; the wire
 * tests in {@link WireErrorsTest} produce each of them for real.
 */
class TransportFailuresTest {

  @Test
  void explain_messageOverTheLimit_isAResourceLimitWithLimitAndSize() {
    PipelineException problem = TransportFailures.explain(Status.RESOURCE_EXHAUSTED
        .withDescription("gRPC message exceeds maximum size 1048576: 100000000")).orElseThrow();

    assertThat(problem.kind()).isEqualTo(ErrorKind.RESOURCE_LIMIT);
    assertThat(problem.limit()).contains(
        new LimitViolation("max_inbound_message_bytes", 1_048_576, 100_000_000));
  }

  @Test
  void explain_lengthWithTheTopBitSet_readsAsUnsigned() {
    PipelineException problem = TransportFailures.explain(Status.RESOURCE_EXHAUSTED
        .withDescription("gRPC message exceeds maximum size 1048576: -1")).orElseThrow();

    assertThat(problem.limit().orElseThrow().actualValue()).isEqualTo(0xFFFF_FFFFL);
  }

  @Test
  void explain_framingMistakes_areValidationFailures() {
    for (String text : new String[] {"Encountered end-of-stream mid-frame",
        "Can't decode compressed gRPC message as compression not configured",
        "gRPC frame header malformed: reserved bits not zero", "Too many requests"}) {
      assertThat(TransportFailures.explain(Status.INTERNAL.withDescription(text)))
          .as(text).hasValueSatisfying(problem ->
              assertThat(problem.kind()).isEqualTo(ErrorKind.VALIDATION));
    }
  }

  @Test
  void explain_otherStatuses_areLeftAsTheyAre() {
    assertThat(TransportFailures.explain(Status.CANCELLED)).isEmpty();
    assertThat(TransportFailures.explain(Status.INTERNAL.withDescription("boom"))).isEmpty();
    assertThat(TransportFailures.explain(Status.RESOURCE_EXHAUSTED.withDescription("other")))
        .isEmpty();
    assertThat(TransportFailures.explain(Status.UNAVAILABLE)).isEmpty();
  }
}
