package io.remotemedia.bench.load;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The streams' in-process reference: each stream is a {@link PipelineStream} of one {@link
 * LocalPipelineRunner}, opened with the same manifest and input format as a remote stream, and
 * fed the same chunks on the same schedule. The pacer thread pushes each chunk itself and the
 * result is recorded as soon as {@code push} returns, so there is no transport, no wire mapping
 * and no thread hand-off: what is left is the pipeline's own cost per chunk.
 *
 * <p>Besides the process's CPU time (which also holds the pacing, the latency recording, GC and
 * JIT), each push reports the pacer thread's CPU time spent inside it ({@link
 * StreamLoad.StreamEvents#pipelineCpu}), the in-process CPU per chunk of the manifest.
 */
final class LocalStreams {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private LocalStreams() {}

  /** Streams of {@code runner} carrying {@code workload} cut into {@code chunkMs} chunks. */
  static StreamLoad.StreamOpener opener(LocalPipelineRunner runner, Workload workload,
      int chunkMs) {
    AudioBuffer[] chunks = workload.chunks(chunkMs);
    OpenStreamRequest open = OpenStreamRequest.of(workload.manifest(), workload.input().format());
    return (index, events) -> {
      PipelineStream stream;
      try {
        stream = runner.openStream(open);
      } catch (PipelineException e) {
        events.failed(e.kind().name());
        return null;
      }
      return new StreamLoad.PacedCall() {
        @Override
        public boolean send(long sequence) {
          long startCpu = THREADS.getCurrentThreadCpuTime();
          try {
            stream.push(sequence, chunks[(int) (sequence % chunks.length)]);
          } catch (PipelineException e) {
            events.failed(e.kind().name());
            return false;
          }
          events.pipelineCpu(THREADS.getCurrentThreadCpuTime() - startCpu);
          events.result(sequence);
          return true;
        }

        @Override
        public void cancel() {
          stream.cancel();
        }
      };
    };
  }
}
