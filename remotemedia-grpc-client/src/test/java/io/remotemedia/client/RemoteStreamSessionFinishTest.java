package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.remotemedia.pipeline.ExecutionResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the caller does with the future {@code finish()} returns, while the server holds the
 * tails: a {@link StalledStreamService} in process.
 */
class RemoteStreamSessionFinishTest {
  private final StalledStreamService server = new StalledStreamService();
  private InProcessService service;
  private RemoteStreamSession session;

  @BeforeEach
  void open() throws Exception {
    service = InProcessService.serve(server);
    session = StalledStreamService.open(service.channel());
  }

  @AfterEach
  void stop() throws InterruptedException {
    service.close();
  }

  @Test
  void close_afterTheCallerTimedOutTheFinishFuture_stillCancelsTheCall() throws Exception {
    CompletableFuture<ExecutionResult> tails =
        session.finish().orTimeout(50, TimeUnit.MILLISECONDS);
    assertThatThrownBy(tails::join).hasCauseInstanceOf(TimeoutException.class);

    session.close();

    assertThat(server.callCancelled.await(10, TimeUnit.SECONDS))
        .as("the server's call is cancelled").isTrue();
  }

  @Test
  void finish_futureCancelled_cancelsTheSession() throws Exception {
    assertThat(session.finish().cancel(true)).isTrue();

    assertThat(server.callCancelled.await(10, TimeUnit.SECONDS))
        .as("the server's call is cancelled").isTrue();
    assertThatThrownBy(() -> session.results().hasNext())
        .isInstanceOf(RemoteMediaException.class)
        .hasMessage("the stream was cancelled by the client");
  }
}
