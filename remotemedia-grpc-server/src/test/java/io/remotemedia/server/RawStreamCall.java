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

/**
 * A raw StreamPipeline call of 48 kHz mono audio, with auto flow control, recording what the
 * server sends: for tests that send what the SDK never would (resumes of any token, as any
 * client, at any point).
 */
final class RawStreamCall {
  static final AudioFormat MONO_48K = AudioFormat.f32(48000, 1);

  final StreamRecorder recorder = new StreamRecorder();
  ClientCallStreamObserver<StreamRequest> requests;

  private RawStreamCall() {}

  /** Opens a resumable stream of {@code manifest} and waits for {@code ready}. */
  static RawStreamCall open(ManagedChannel channel, String manifest) throws Exception {
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
  static RawStreamCall resume(ManagedChannel channel, String resumeToken, long resultsReceived) {
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

  /** Starts a call that has sent nothing yet, with bearer {@code token} unless it is null. */
  static RawStreamCall start(ManagedChannel channel, String token) {
    RawStreamCall call = new RawStreamCall();
    PipelineServiceGrpc.PipelineServiceStub stub = PipelineServiceGrpc.newStub(channel);
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
  void sendOpen(String manifest) {
    requests.onNext(StreamWire.open(OpenStreamRequest.of(
        new ManifestParser().parse(manifest), MONO_48K), ProtocolVersions.CURRENT, true));
  }

  /** {@return the resume token of the {@code ready} this call got first} */
  String token() {
    return recorder.responses.get(0).getReady().getResumeToken();
  }

  void chunk(long sequence, float[] samples, long resultsReceived) {
    requests.onNext(StreamWire.chunk(sequence, AudioBuffer.of(MONO_48K, samples),
        resultsReceived));
  }

  /** Waits for {@code count} responses; fails at once if the call fails. */
  void awaitResponses(int count) throws Exception {
    Await.until(count + " responses", 20, () -> {
      if (recorder.end.isCompletedExceptionally()) {
        throw new AssertionError("the call failed: " + recorder.error());
      }
      return recorder.responses.size() >= count;
    });
  }

  /** Ends the call as a broken connection does: no cancel message, the stream just goes. */
  void breakConnection() {
    requests.cancel("connection lost", null);
  }
}
