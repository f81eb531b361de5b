package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.remotemedia.proto.VersionRequest;
import io.remotemedia.server.internal.logging.EveryLogger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.message.MapMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sweep that closes late unary calls goes on after one call's close fails. */
class RequestArrivalSweepTest {
  private static final ServerCall.Listener<VersionRequest> NOTHING =
      new ServerCall.Listener<>() { };
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private final List<LogEvent> errors = new CopyOnWriteArrayList<>();
  private final AbstractAppender capture =
      new AbstractAppender("sweep-capture", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
          if (event.getLevel().isMoreSpecificThan(Level.ERROR)) {
            errors.add(event.toImmutable());
          }
        }
      };

  @BeforeEach
  void captureLogs() {
    capture.start();
    EveryLogger.attach(capture);
  }

  @AfterEach
  void stop() {
    timers.shutdownNow();
    EveryLogger.detach(capture);
    capture.stop();
  }

  @Test
  void sweep_whenClosingOneLateCallThrows_logsItAndStillClosesLaterOnes() throws Exception {
    // A 1 ms timeout: the sweep runs every ms.
    RequestArrival arrival = new RequestArrival(/* max= */ 10, /* maxPerConnection= */ 10,
        Duration.ofMillis(1), timers, /* maxBytesInTransit= */ 1 << 20);
    SilentCall failing = new SilentCall(new IllegalStateException("call already closed"));
    arrival.interceptCall(failing, new Metadata(), (call, headers) -> NOTHING);
    assertThat(failing.closed.get(10, TimeUnit.SECONDS).getCode())
        .isEqualTo(Status.Code.DEADLINE_EXCEEDED);

    SilentCall later = new SilentCall(null);
    arrival.interceptCall(later, new Metadata(), (call, headers) -> NOTHING);

    assertThat(later.closed.get(10, TimeUnit.SECONDS).getCode())
        .isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    assertThat(arrival.timedOut()).isEqualTo(2);
    assertThat(arrival.waiting()).isZero();
    assertThat(errors).singleElement().satisfies(event -> {
      assertThat(((MapMessage<?, ?>) event.getMessage()).get("event"))
          .isEqualTo("request_arrival.sweep_failed");
      assertThat(event.getThrown()).isInstanceOf(IllegalStateException.class)
          .hasMessage("call already closed");
    });
  }
}
