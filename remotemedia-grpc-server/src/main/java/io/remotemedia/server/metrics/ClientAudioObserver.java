package io.remotemedia.server.metrics;

import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.server.logging.ClientNameLookup;
import io.remotemedia.server.transport.ExecutionObserver;

/**
 * Counts the input audio of each successful execution by client: {@code
 * client_audio_seconds_processed_total{client}}. The observer runs inside the call's context,
 * where the authenticated client's name is known; the label stays bounded because names come
 * from the tokens file (or are {@value ClientNameLookup#ANONYMOUS}). Thread-safe.
 */
final class ClientAudioObserver implements ExecutionObserver {
  private final ServerMetrics metrics;
  private final ClientNameLookup clientNames;

  ClientAudioObserver(ServerMetrics metrics, ClientNameLookup clientNames) {
    this.metrics = metrics;
    this.clientNames = clientNames;
  }

  @Override
  public void executed(ExecutionRequest request, ExecutionResult result) {
    metrics.clientAudioSeconds.labels(ServerMetrics.clientLabel(clientNames))
        .inc(ServerMetrics.inputSeconds(request));
  }
}
