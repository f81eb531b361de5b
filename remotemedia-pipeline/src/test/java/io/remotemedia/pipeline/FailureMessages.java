package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fuzz tests' check that a failure's message does not amplify what the client sent. The
 * pipeline quotes client text shortened (a name, a key or a value: its first characters and its
 * length), and its paths part by part, so a message is bounded whatever the input: the rule's
 * own words with their allowed values and hints, a path and a few quoted starts.
 */
public final class FailureMessages {
  /** The longest message about any input. */
  public static final int MAX_CHARS = 2_000;

  private FailureMessages() {}

  /** Fails unless {@code failure} has a message of at most {@link #MAX_CHARS} characters. */
  public static void assertBounded(PipelineException failure) {
    assertThat(failure.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_CHARS);
  }
}
