package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.remotemedia.proto.Compatibility;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deadline a unary call is given: the client's, to the nanosecond. */
class PipelineCallsDeadlineTest {
  private InProcessService service;
  /** The deadline of the last call made through {@link #channel()}. */
  private final AtomicReference<Deadline> given = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    service = InProcessService.serve(
        new FakePipelineService(Compatibility.COMPATIBILITY_COMPATIBLE, false));
    // One call first, so that the call measured loads no classes: the less time passes while
    // it is made, the more closely its deadline is checked.
    new PipelineCalls(channel(), "in-process", Duration.ofSeconds(10), new ClientLifecycle(null))
        .serverInfo();
  }

  @AfterEach
  void stop() throws Exception {
    service.close();
  }

  @Test
  void serverInfo_withADeadlineUnderOneMillisecond_givesTheCallThatDeadline() {
    assertGivenToTheCall(Duration.ofNanos(900_000));
  }

  @Test
  void serverInfo_withADeadlineOfOneAndAHalfMilliseconds_givesTheCallThatDeadline() {
    assertGivenToTheCall(Duration.ofNanos(1_500_000));
  }

  /**
   * Asserts that GetVersion, made with {@code deadline} as the client's, is given a deadline
   * that far from an instant while it is made.
   */
  private void assertGivenToTheCall(Duration deadline) {
    PipelineCalls calls = new PipelineCalls(channel(), "in-process", deadline,
        new ClientLifecycle(null));
    Deadline earliest = Deadline.after(deadline.toNanos(), TimeUnit.NANOSECONDS);
    try {
      calls.serverInfo();
    } catch (RemoteMediaException e) {
      // The call may pass so short a deadline before the server answers; what it was given
      // is what this test is about.
    }
    Deadline latest = Deadline.after(deadline.toNanos(), TimeUnit.NANOSECONDS);
    assertThat(given.get()).as("the call's deadline").isNotNull()
        .isBetween(earliest, latest);
  }

  /** {@return the service's channel, noting the deadline of each call} */
  private Channel channel() {
    ClientInterceptor noting = new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
          CallOptions options, Channel next) {
        given.set(options.getDeadline());
        return next.newCall(method, options);
      }
    };
    return ClientInterceptors.intercept(service.channel(), noting);
  }
}
