package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz tests' check that a failure's message does not amplify what the client sent. The
 * pipeline quotes client text in full (a path and a quoted name may both carry it); the server
 * shortens it at the edge, in its StatusMapper, before it goes into a status. So here the bound
 * is linear in the input: the rule's own words, plus the client's text at most twice.
 */
public final class FailureMessages {
  /** The longest message about a tiny input: the rule, with its allowed values and hints. */
  public static final int MAX_OWN_CHARS = 1_000;

  private FailureMessages() {}

  /** Fails unless {@code failure} has a message bounded by the {@code inputBytes} it was about. */
  public static void assertBounded(PipelineException failure, int inputBytes) {
    assertThat(failure.getMessage()).isNotBlank()
        .hasSizeLessThanOrEqualTo(MAX_OWN_CHARS + 2 * inputBytes);
  }
}
