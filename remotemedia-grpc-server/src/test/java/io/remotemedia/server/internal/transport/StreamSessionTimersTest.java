package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.ExplainRequest;
import io.remotemedia.pipeline.Explanation;
import io.remotemedia.pipeline.NodeTypeDescription;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.encoding.EncodedAudioCodec;
import io.remotemedia.pipeline.PipelineStream;
import io.remotemedia.pipeline.StreamResult;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.proto.internal.wire.StreamWire;
import io.remotemedia.server.ChunkThread;
import io.remotemedia.server.ServerSettings;
import io.remotemedia.server.StreamSettings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A chunk processed on the transport thread must not hold up other sessions' timers. */
class StreamSessionTimersTest {
  private static final AudioFormat MONO = AudioFormat.f32(16_000, 1);
  private static final OpenStreamRequest OPEN = OpenStreamRequest.of(new ManifestParser().parse(
      """
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain", "params": {}}]}
      """), MONO);

  private final CountDownLatch pushStarted = new CountDownLatch(1);
  private final CountDownLatch releasePush = new CountDownLatch(1);
  private final WorkerPool workers = new WorkerPool("test-worker-");
  private final StreamRegistry registry = new StreamRegistry();

  @AfterEach
  void tearDown() {
    releasePush.countDown();
    workers.shutdownNow();
    registry.shutdown();
  }

  @Test
  void slowChunkOnTheTransportThread_otherSessionStillTimesOutWhenIdle() throws Exception {
    // Only the idle session's timeout is short: the slow one must not time out while the test
    // starts its "transport thread" on a busy machine.
    StreamSettings patient = new StreamSettings(60_000, 60_000, ChunkThread.TRANSPORT);
    StreamSettings settings = new StreamSettings(100, 60_000, ChunkThread.TRANSPORT);
    RecordingCall slowCall = new RecordingCall();
    StreamSession slow = new StreamSession(slowCall, "", new BlockingRunner(), workers, registry,
        patient, EncodedAudioCodec.MAX_DECODED_SAMPLES, UncountedMemory.INSTANCE,
        ServerSettings.DEFAULT_FLOW_CONTROL_WINDOW_BYTES);
    StreamCall slowMessages = slow.start();
    slowMessages.onNext(StreamWire.open(OPEN, ProtocolVersions.CURRENT));
    assertThat(slowCall.ready.await(10, TimeUnit.SECONDS)).as("the stream opened").isTrue();
    // The "transport thread": blocked inside the pipeline until released.
    Thread transport = new Thread(() ->
        slowMessages.onNext(StreamWire.chunk(0, AudioBuffer.of(MONO, new float[160]))));
    transport.start();
    assertThat(pushStarted.await(10, TimeUnit.SECONDS)).isTrue();

    RecordingCall idleCall = new RecordingCall();
    StreamSession idle = new StreamSession(idleCall, "", new BlockingRunner(), workers, registry,
        settings, EncodedAudioCodec.MAX_DECODED_SAMPLES, UncountedMemory.INSTANCE,
        ServerSettings.DEFAULT_FLOW_CONTROL_WINDOW_BYTES);
    idle.start(); // Never sends open: its 100 ms idle timeout must fire.

    StatusRuntimeException error = idleCall.error.get(10, TimeUnit.SECONDS);
    assertThat(error.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(error.getStatus().getDescription())
        .startsWith("a stream that sent no opening message was idle for ");
    assertThat(pushStarted.getCount()).isZero();
    assertThat(releasePush.getCount()).as("the slow chunk is still running").isOne();
    releasePush.countDown();
    transport.join(10_000);
  }

  /** A runner whose streams block in push until the test releases them. */
  private final class BlockingRunner implements PipelineRunner {
    @Override
    public PipelineStream openStream(OpenStreamRequest request) {
      return new PipelineStream() {
        @Override
        public String sessionId() {
          return "blocking";
        }

        @Override
        public StreamResult push(long sequence, AudioBuffer chunk) {
          pushStarted.countDown();
          try {
            releasePush.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new StreamResult(sequence, Map.of(), Map.of());
        }

        @Override
        public ExecutionResult finish() {
          throw new UnsupportedOperationException("not used");
        }

        @Override
        public void cancel() {}

        @Override
        public void close() {}
      };
    }

    @Override
    public ExecutionResult execute(ExecutionRequest request) {
      throw new UnsupportedOperationException("not used");
    }

    @Override
    public Explanation explain(ExplainRequest request) {
      throw new UnsupportedOperationException("not used");
    }

    @Override
    public List<NodeTypeDescription> nodeTypes() {
      return List.of();
    }
  }
}
