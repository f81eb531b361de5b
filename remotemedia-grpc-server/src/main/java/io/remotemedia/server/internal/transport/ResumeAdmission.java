package io.remotemedia.server.internal.transport;

import io.grpc.Context;
import io.remotemedia.pipeline.PipelineException;

/**
 * The place of a resuming StreamPipeline call that started without one: its client already had
 * as many streams open as its quota allows. The quota lets such a call wait for its first
 * message, because a resume may take over a session whose old call the server still thinks
 * alive, and ending that call gives its place back. The session asks for the place right after
 * the takeover, before it answers {@code resumed}, so a refused resume leaves the session kept
 * and the client told nothing but the refusal.
 *
 * <p>The quota interceptor puts one in the Context of a call that waits; every other call finds
 * {@link #current()} already admitted.
 */
@FunctionalInterface
public interface ResumeAdmission {
  /** The Context key under which a waiting call's admission is found. */
  Context.Key<ResumeAdmission> KEY = Context.key("remotemedia-resume-admission");

  /** The admission of a call that has its place, or is not subject to a quota. */
  ResumeAdmission ADMITTED = () -> { };

  /** {@return the admission of the call whose Context is current} */
  static ResumeAdmission current() {
    ResumeAdmission admission = KEY.get();
    return admission == null ? ADMITTED : admission;
  }

  /**
   * Takes the call's place among its client's open streams, if it has none yet.
   *
   * @throws PipelineException ({@code QUOTA_EXCEEDED}) if the client still has none free
   */
  void admit();
}
