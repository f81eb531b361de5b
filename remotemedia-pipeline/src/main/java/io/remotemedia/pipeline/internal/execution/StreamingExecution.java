package io.remotemedia.pipeline.internal.execution;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.StreamResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link PipelineStream} over one {@link ExecutionPlan}. Each push runs the chunk through the
 * graph on the caller's thread and returns what the sinks wrote for it.
 */
final class StreamingExecution implements PipelineStream {
  private enum State { OPEN, FINISHED, FAILED }

  private final ExecutionPlan plan;
  private final String sessionId;
  private final ExecutionLimits limits;
  private final PlannedNode source;
  private final long startNanos = System.nanoTime();
  private final long startCpu;
  private final long startAllocated;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final ReleaseAfterCalls release;
  private final GraphRun run;
  private final Map<String, SinkAccumulator> pending = new LinkedHashMap<>();
  private final SinkAccumulator.Budget budget;
  // Volatile: close() reads it from any thread.
  private volatile State state = State.OPEN;
  /** What failed the stream, once it has: every later push or finish throws it again. */
  private PipelineException failure;
  /** What {@link #finish()} returned, once it has: a second call returns it again. */
  private ExecutionResult finished;
  private long nextSequence;
  private long framesPushed;
  private long cpuNanos;
  private long allocatedBytes;

  /**
   * @param lease holds the plan's buffers; the stream's outputs take their room from it too
   * @param onClose runs once when the stream has finished, failed or been cancelled and no
   *     push or finish is still running its nodes; it gives the lease back
   */
  StreamingExecution(ExecutionPlan plan, String sessionId, ExecutionLimits limits,
      MemoryPool.Lease lease, Runnable onClose) {
    this.plan = plan;
    this.sessionId = sessionId;
    this.limits = limits;
    this.release = new ReleaseAfterCalls(onClose);
    this.source = plan.order.stream().filter(node -> node.graphNode.isSource()).findFirst()
        .orElseThrow();
    this.budget = SinkAccumulator.Budget.after(plan, limits.maxMemoryBytes(), lease,
        /* refusedByTotal= */ false);
    plan.chargeJoinsTo(budget);
    this.startCpu = ThreadCost.cpuNanos();
    this.startAllocated = ThreadCost.allocatedBytes();
    this.run = new GraphRun(plan, (sink, samples, count) -> pending(sink).append(samples, count),
        startNanos, limits.timeoutMs(), cancelled::get);
  }

  @Override
  public String sessionId() {
    return sessionId;
  }

  @Override
  public StreamResult push(long sequence, AudioBuffer chunk) {
    return release.run(() -> pushInside(sequence, chunk));
  }

  private StreamResult pushInside(long sequence, AudioBuffer chunk) {
    requireOpen();
    requireTimeLeft("chunk " + Long.toUnsignedString(sequence));
    if (sequence != nextSequence) {
      // Sequences are unsigned on the wire (uint64): 2^64 - 1 is not "-1" to its sender, but
      // it is to a caller of push(long).
      throw fail(PipelineException.of(ErrorKind.INVALID_AUDIO, "chunk sequence "
          + Long.toUnsignedString(sequence)
          + (sequence < 0 ? " (" + sequence + " as a Java long)" : "")
          + " is out of order; expected " + nextSequence));
    }
    if (!chunk.format().equals(source.inputFormat)) {
      throw fail(PipelineException.of(ErrorKind.INVALID_AUDIO, "chunk " + sequence + " is "
          + chunk.format() + "; this stream was opened for " + source.inputFormat));
    }
    if (limits.maxInputSamples() > 0 && chunk.sampleCount() > limits.maxInputSamples()) {
      throw fail(PipelineException.builder(ErrorKind.RESOURCE_LIMIT, "chunk " + sequence
              + " holds " + chunk.sampleCount() + " samples, over the limit of "
              + limits.maxInputSamples() + " (max_input_samples)")
          .limit(new LimitViolation(ExecutionLimits.MAX_INPUT_SAMPLES, limits.maxInputSamples(),
              chunk.sampleCount()))
          .build());
    }
    try {
      InputCheck.checkFinite("chunk " + sequence, chunk, framesPushed);
    } catch (PipelineException e) {
      // Over, as after any failed push: a remote stream's server ends the call here too.
      throw fail(e);
    }
    long cpu = ThreadCost.cpuNanos();
    long allocated = ThreadCost.allocatedBytes();
    boolean pushed = false;
    try {
      run.push(source, chunk.samples(), 0, chunk.frameCount());
      pushed = true;
    } catch (PipelineException e) {
      throw fail(e);
    } finally {
      cpuNanos += ThreadCost.cpuNanos() - cpu;
      allocatedBytes += ThreadCost.allocatedBytes() - allocated;
      failIfThrown(pushed, "chunk " + sequence);
    }
    nextSequence++;
    framesPushed += chunk.frameCount();
    return new StreamResult(sequence, drainPending(), RunReport.streamEvents(plan));
  }

  @Override
  public ExecutionResult finish() {
    if (finished != null) {
      return finished;
    }
    return release.run(this::finishInside);
  }

  private ExecutionResult finishInside() {
    requireOpen();
    requireTimeLeft("the end of the stream");
    long cpu = ThreadCost.cpuNanos();
    long allocated = ThreadCost.allocatedBytes();
    boolean flushed = false;
    try {
      run.finish();
      flushed = true;
    } catch (PipelineException e) {
      throw fail(e);
    } finally {
      cpuNanos += ThreadCost.cpuNanos() - cpu;
      allocatedBytes += ThreadCost.allocatedBytes() - allocated;
      failIfThrown(flushed, "the end of the stream");
    }
    state = State.FINISHED;
    Map<String, AudioBuffer> tails = drainPending();
    ExecutionResult result = new ExecutionResult(tails, RunReport.dataOutputs(plan),
        RunReport.metrics(plan, pending, startNanos, ThreadCost.cpuNanos() - cpuNanos,
            ThreadCost.allocatedBytes() - allocatedBytes));
    finished = result;
    release.end();
    return result;
  }

  /**
   * {@inheritDoc} A push or finish running on another thread sees the cancel before its next
   * node call and throws CANCELLED; the stream's memory and slot go back once it has left.
   */
  @Override
  public void cancel() {
    cancelled.set(true);
    release.end();
  }

  @Override
  public void close() {
    if (state != State.FINISHED) {
      cancel();
    }
  }

  private void requireOpen() {
    if (cancelled.get()) {
      throw PipelineException.of(ErrorKind.CANCELLED, "stream " + sessionId + " was cancelled");
    }
    if (state == State.FINISHED) {
      throw new IllegalStateException("stream " + sessionId + " has finished; no chunk may"
          + " follow finish(): open a new stream");
    }
    if (state == State.FAILED) {
      // As a remote stream does: the caller learns what went wrong, with its kind, rather than
      // a failure of its own that blames the chunk just pushed.
      throw failure;
    }
  }

  /**
   * Fails the stream if its whole time is up: the message names the stream and the limit,
   * where the executor's own check would blame whichever node runs first.
   */
  private void requireTimeLeft(String what) {
    long openMs = (System.nanoTime() - startNanos) / 1_000_000;
    if (limits.timeoutMs() > 0 && openMs >= limits.timeoutMs()) {
      throw fail(PipelineException.builder(ErrorKind.TIMEOUT, "stream " + sessionId + " has"
              + " been open for " + openMs + " ms, past its time limit of " + limits.timeoutMs()
              + " ms (timeout_ms); " + what + " was not processed")
          .limit(new LimitViolation("timeout_ms", limits.timeoutMs(), openMs))
          .build());
    }
  }

  /**
   * Ends the stream if a node threw something other than a {@link PipelineException} (a bug,
   * such as a NullPointerException) while {@code what} ran: that exception goes to the caller
   * as it is, and every later call throws INTERNAL, as a remote stream's server ends the call
   * with INTERNAL. The graph's state is unknown after it, so nothing more may run.
   */
  private void failIfThrown(boolean completed, String what) {
    if (!completed && state == State.OPEN) {
      fail(PipelineException.of(ErrorKind.INTERNAL, "stream " + sessionId + " failed at "
          + what + ": a node threw an unexpected exception (thrown to that call); the stream"
          + " is over"));
    }
  }

  private PipelineException fail(PipelineException e) {
    state = State.FAILED;
    failure = e;
    release.end();
    return e;
  }

  private SinkAccumulator pending(PlannedNode sink) {
    // Kept for the whole stream and sized by its first chunks' output, not by the largest chunk
    // the plan allows: a stream's chunks are usually small.
    return pending.computeIfAbsent(sink.id(), id -> new SinkAccumulator(id, sink.outputFormat,
        0, budget));
  }

  private Map<String, AudioBuffer> drainPending() {
    Map<String, AudioBuffer> audio = new LinkedHashMap<>();
    for (PlannedNode node : plan.order) {
      if (node.graphNode.isSink()) {
        SinkAccumulator sink = pending.get(node.id());
        audio.put(node.id(), sink == null
            ? AudioBuffer.of(node.outputFormat, new float[0], 0)
            : sink.drain());
      }
    }
    return audio;
  }
}
