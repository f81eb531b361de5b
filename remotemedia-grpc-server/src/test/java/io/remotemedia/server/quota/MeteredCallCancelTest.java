package io.remotemedia.server.quota;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.proto.StreamRequest;
import io.remotemedia.proto.StreamResponse;
import io.remotemedia.server.internal.transport.ResumeAdmission;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The quota interceptor and the stream session, on the order of a cancelled call's end: the
 * session keeps a resumable session when it hears that its call was cancelled (the connection
 * broke), and from then on a resume on another connection takes it over without ending any
 * call, so it asks for the place at once. The cancelled call's place must be back by then.
 */
class MeteredCallCancelTest {
  private final ClientQuotas quotas =
      ClientQuotas.create(new QuotaPolicy(new QuotaLimits(0, 1, 0), Map.of()));
  private final ServerInterceptor interceptor =
      quotas.interceptor(() -> "alice", UsageListener.NONE);

  /**
   * The old call is cancelled; while its session hears it (and keeps the session), a waiting
   * resume asks for the place, as a resume on another transport thread may at that moment.
   */
  @Test
  void cancelledStream_givesItsPlaceBack_beforeItsSessionHearsTheCancel() {
    AtomicReference<Throwable> admitted = new AtomicReference<>();
    ServerCall.Listener<StreamRequest> old = interceptor.interceptCall(new FakeCall(),
        new Metadata(), (call, headers) -> new ServerCall.Listener<>() {
          @Override
          public void onCancel() {
            // The session is kept now; a resume that arrives takes no call over.
            AtomicReference<ResumeAdmission> admission = new AtomicReference<>();
            interceptor.interceptCall(new FakeCall(), new Metadata(), (waiting, h) -> {
              admission.set(ResumeAdmission.current());
              return new ServerCall.Listener<>() { };
            });
            try {
              admission.get().admit();
              admitted.set(new Throwable("admitted"));
            } catch (RuntimeException e) {
              admitted.set(e);
            }
          }
        });
    assertThat(quotas.forClient("alice").streamsOpen()).isEqualTo(1);

    old.onCancel();

    assertThat(admitted.get()).as("the resume's admission, while the old call's session hears"
        + " its cancel").hasMessage("admitted");
    assertThat(quotas.forClient("alice").streamsOpen()).isEqualTo(1);
    assertThat(quotas.forClient("alice").streamsAwaitingPlace()).isZero();
  }

  /** A StreamPipeline call that records nothing; the interceptor only needs its method. */
  private static final class FakeCall extends ServerCall<StreamRequest, StreamResponse> {
    @Override
    public void request(int numMessages) {}

    @Override
    public void sendHeaders(Metadata headers) {}

    @Override
    public void sendMessage(StreamResponse message) {}

    @Override
    public void close(Status status, Metadata trailers) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public MethodDescriptor<StreamRequest, StreamResponse> getMethodDescriptor() {
      return PipelineServiceGrpc.getStreamPipelineMethod();
    }
  }
}
