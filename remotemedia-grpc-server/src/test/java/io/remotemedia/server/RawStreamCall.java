package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.proto.internal.wire.ProtocolVersions;
import io.remotemedia.proto.internal.wire.StreamWire;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A raw StreamPipeline call of 48 kHz mono audio, with auto flow control, recording what the
 * server sends: for tests that send what the SDK never would (resumes of any token, as any
 * client, at any point). Public for the quota tests.
 */
public final class RawStreamCall {
  static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);

  /** What the server sent. */
  public final StreamRecorder recorder = new StreamRecorder();
  /** The call's request side. */
  public ClientCallStreamObserver<StreamRequest> requests;

  private RawStreamCall() {}

  /** Opens a resumable stream of {@code manifest} and waits for {@code ready}. */
  public static RawStreamCall open(ManagedChannel channel, String manifest) throws Exception {
    return open(channel, manifest, null);
  }

  /** As {@link #open(ManagedChannel, String)}, as the client of bearer {@code token}. */
  static RawStreamCall open(ManagedChannel channel, String manifest, String token)
      throws Exception {
    RawStreamCall call = start(channel, token);
    call.sendOpen(manifest);
    call.awaitResponses(1);
    assertThat(call.recorder.responses.get(0).getReady().getResumeToken()).isNotEmpty();
    return call;
  }

  /** Starts a call whose first message is {@code resume}; does not wait for the answer. */
  public static RawStreamCall resume(ManagedChannel channel, String resumeToken,
      long resultsReceived) {
    return resume(channel, resumeToken, resultsReceived, null);
  }

  /** As {@link #resume(ManagedChannel, String, long)}, as the client of bearer {@code token}. */
  static RawStreamCall resume(ManagedChannel channel, String resumeToken, long resultsReceived,
      String token) {
    RawStreamCall call = start(channel, token);
    call.requests.onNext(StreamWire.resume(resumeToken, resultsReceived,
        ProtocolVersions.CURRENT));
    return call;
  }

  /** Starts a call that has sent nothing yet, without credentials. */
  public static RawStreamCall start(ManagedChannel channel) {
    return start(channel, (String) null);
  }

  /** Starts a call that has sent nothing yet, with bearer {@code token} unless it is null. */
  public static RawStreamCall start(ManagedChannel channel, String token) {
    return start(PipelineServiceGrpc.newStub(channel), token);
  }

  /** Starts a call that has sent nothing yet and ends after {@code deadline}. */
  public static RawStreamCall start(ManagedChannel channel, Duration deadline) {
    return start(PipelineServiceGrpc.newStub(channel)
        .withDeadlineAfter(deadline.toNanos(), TimeUnit.NANOSECONDS), null);
  }

  private static RawStreamCall start(PipelineServiceGrpc.PipelineServiceStub stub, String token) {
    RawStreamCall call = new RawStreamCall();
    if (token != null) {
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
          "Bearer " + token);
      stub = stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
    stub.streamPipeline(new ClientResponseObserver<StreamRequest, StreamResponse>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<StreamRequest> requests) {
        call.requests = requests;
      }

      @Override
      public void onNext(StreamResponse response) {
        call.recorder.onNext(response);
      }

      @Override
      public void onError(Throwable t) {
        call.recorder.onError(t);
      }

      @Override
      public void onCompleted() {
        call.recorder.onCompleted();
      }
    });
    return call;
  }

  /** Sends {@code open} for a resumable stream of {@code manifest}. */
  public void sendOpen(String manifest) {
    requests.onNext(StreamWire.open(OpenStreamRequest.of(
        new ManifestParser().parse(manifest), MONO_48K), ProtocolVersions.CURRENT, true));
  }

  /** {@return the resume token of the {@code ready} this call got first} */
  public String token() {
    return recorder.responses.get(0).getReady().getResumeToken();
  }

  public void chunk(long sequence, float[] samples, long resultsReceived) {
    requests.onNext(StreamWire.chunk(sequence, AudioBuffer.of(MONO_48K, samples),
        resultsReceived));
  }

  /** Waits for {@code count} responses; fails at once if the call fails. */
  public void awaitResponses(int count) throws Exception {
    Await.until(count + " responses", 20, () -> {
      if (recorder.end.isCompletedExceptionally()) {
        throw new AssertionError("the call failed: " + recorder.error());
      }
      return recorder.responses.size() >= count;
    });
  }

  /** Ends the call as a broken connection does: no cancel message, the stream just goes. */
  public void breakConnection() {
    requests.cancel("connection lost", null);
  }
}
