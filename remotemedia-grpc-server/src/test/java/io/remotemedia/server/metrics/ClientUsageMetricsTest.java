package io.remotemedia.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.prometheus.client.CollectorRegistry;
import io.remotemedia.server.quota.UsageListener;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-client usage counters, read back from the registry they are exported from. */
class ClientUsageMetricsTest {
  private static final String AUDIO = "client_audio_seconds_processed_total";

  private final CollectorRegistry registry = new CollectorRegistry();
  private final ServerMetrics metrics = ServerMetrics.register(registry);
  private final UsageListener usage = metrics.usageListener();

  @Test
  void audioAdmitted_manyChunks_addUpInTheClientsSeries() {
    for (int chunk = 0; chunk < 50; chunk++) {
      usage.audioAdmitted("alice", 0.02);
    }
    usage.audioAdmitted("bob", 0.5);

    assertThat(audioSeconds("alice")).isCloseTo(1.0, offset(1e-9));
    assertThat(audioSeconds("bob")).isCloseTo(0.5, offset(1e-9));
  }

  @Test
  void audioAdmitted_afterTheClientWasDroppedAndAddedBack_countsFromZeroInTheNewSeries() {
    usage.audioAdmitted("alice", 2.0);
    metrics.retainClients(List.of());
    assertThat(audioSeconds("alice")).isNull();

    metrics.retainClients(List.of("alice"));
    usage.audioAdmitted("alice", 0.25);

    assertThat(audioSeconds("alice")).isCloseTo(0.25, offset(1e-9));
  }

  private Double audioSeconds(String client) {
    return registry.getSampleValue(AUDIO, new String[] {"client"}, new String[] {client});
  }
}
