package io.remotemedia.server.quota;

import io.remotemedia.pipeline.PipelineException;

/**
 * A call refused by a quota: which quota, and the failure to close the call with. Carries no
 * stack trace: a client flooding past its quota should cost the server as little as possible.
 */
final class QuotaRefusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Quota quota;
  private final transient PipelineException error;

  QuotaRefusal(Quota quota, PipelineException error) {
    super(error.getMessage(), null, false, false);
    this.quota = quota;
    this.error = error;
  }

  Quota quota() {
    return quota;
  }

  PipelineException error() {
    return error;
  }
}
