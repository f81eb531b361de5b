package io.remotemedia.pipeline;

import io.remotemedia.pipeline.encoding.CodedPipelineStream;
import io.remotemedia.pipeline.internal.execution.PipelineExecutor;
import io.remotemedia.pipeline.internal.graph.PipelineGraph;
import io.remotemedia.pipeline.internal.limits.AdmissionController;
import java.util.UUID;

/**
 * Opens streams within a runner's capacity. A stream takes one of the stream slots at once, or
 * is refused as BUSY, and holds it until it is closed: the slot goes back with the stream's
 * close, or at once if the stream does not open. While its pipeline is planned it also takes
 * an execution slot, waiting in the executions' queue or refused as BUSY as an execution is,
 * and gives it back once the plan is made; its chunks run in its stream slot alone.
 *
 * <pre>{@code
 * StreamAdmission admission = new StreamAdmission(streams, executions, executor);
 * PipelineStream stream = admission.open(graph, request, limits, planningWaitMs);
 * }</pre>
 *
 * <p>Thread-safe; runners made by {@link LocalPipelineRunner#withLimits} share one.
 */
final class StreamAdmission {
  private final AdmissionController streams;
  private final AdmissionController executions;
  private final PipelineExecutor executor;

  /**
   * @param streams the stream slots; they never queue
   * @param executions the execution slots and queue, shared with unary executions
   * @param executor plans and runs the streams
   */
  StreamAdmission(AdmissionController streams, AdmissionController executions,
      PipelineExecutor executor) {
    this.streams = streams;
    this.executions = executions;
    this.executor = executor;
  }

  /** {@return the stream slots} */
  Capacity streams() {
    return streams;
  }

  /**
   * {@return the open stream, which holds its stream slot until it is closed}
   *
   * @param graph the compiled manifest
   * @param request the stream's input format and output encodings
   * @param limits the stream's limits ({@link LimitResolver#forStream})
   * @param planningWaitMs how long it may wait for an execution slot to plan
   * @throws PipelineException BUSY when no stream slot is free, or no execution slot within
   *     {@code planningWaitMs}; as {@link PipelineExecutor#openStream} throws otherwise
   */
  PipelineStream open(PipelineGraph graph, OpenStreamRequest request, ExecutionLimits limits,
      long planningWaitMs) {
    AdmissionController.Permit permit = streams.acquire(0);
    boolean opened = false;
    try {
      PipelineStream stream;
      try (AdmissionController.Permit planning = executions.acquire(planningWaitMs)) {
        stream = executor.openStream(graph, request.inputFormat(), request.outputEncodings(),
            limits, UUID.randomUUID().toString(), permit::close);
      }
      opened = true;
      return new CodedPipelineStream(stream, request.inputFormat(), request.outputEncodings());
    } finally {
      if (!opened) {
        permit.close();
      }
    }
  }
}
