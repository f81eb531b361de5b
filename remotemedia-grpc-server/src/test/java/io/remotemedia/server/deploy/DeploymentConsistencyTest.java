package io.remotemedia.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.server.config.ConfigLoader;
import io.remotemedia.server.config.LoadedConfig;
import io.remotemedia.server.config.RemoteMediaConfig;
import io.remotemedia.server.metrics.MetricsHttpServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The numbers and names that the Deployment, the ConfigMap's server configuration and the
 * Dockerfile must agree on: the configuration loads with the server's own loader, and the
 * probes, grace period, ports, paths, user and CPUs follow from it.
 */
class DeploymentConsistencyTest {
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  @TempDir Path temp;
  private Deployment deployment;
  private PodSpec pod;
  private Container server;
  private RemoteMediaConfig config;

  @BeforeEach
  void load() throws Exception {
    deployment = read("kubernetes/base/deployment.yaml", Deployment.class);
    pod = deployment.getSpec().getTemplate().getSpec();
    server = pod.getContainers().get(0);
    ConfigMap configMap = read("kubernetes/base/configmap.yaml", ConfigMap.class);
    Path file = temp.resolve("config.yaml");
    Files.writeString(file, configMap.getData().get("config.yaml"), StandardCharsets.UTF_8);
    LoadedConfig loaded = ConfigLoader.builder().file(file).environment(Map.of()).build().load();
    assertThat(loaded.problems()).as("problems of the ConfigMap's config.yaml").isEmpty();
    config = loaded.config();
  }

  @Test
  void terminationGracePeriod_coversPreStopHookPreStopDelayAndGrace() {
    long preStopHookSeconds = Long.parseLong(server.getLifecycle().getPreStop().getExec()
        .getCommand().get(1));
    long drainMs = config.server().preStopDelayMs() + config.server().shutdownGraceMs();

    assertThat(server.getLifecycle().getPreStop().getExec().getCommand().get(0))
        .isEqualTo("sleep");
    assertThat(pod.getTerminationGracePeriodSeconds() * 1000)
        .as("preStop %d s + drain %d ms + 20 s for the drain's worst case after its grace"
            + " period (docs/configuration.md)", preStopHookSeconds, drainMs)
        .isGreaterThanOrEqualTo(preStopHookSeconds * 1000 + drainMs + 20_000);
  }

  @Test
  void readiness_turnsFalseWithinThePreStopDelay_andLivenessOutlastsTheDrain() {
    Probe readiness = server.getReadinessProbe();
    Probe liveness = server.getLivenessProbe();

    assertThat(readiness.getPeriodSeconds() * readiness.getFailureThreshold() * 1000L)
        .isLessThanOrEqualTo(config.server().preStopDelayMs());
    assertThat(liveness.getPeriodSeconds() * liveness.getFailureThreshold())
        .isGreaterThan(pod.getTerminationGracePeriodSeconds().intValue());
  }

  @Test
  void probesAndPorts_matchTheServersPortsAndHealthService() {
    int grpcPort = config.server().port();

    assertThat(server.getPorts()).extracting(ContainerPort::getContainerPort)
        .containsExactlyInAnyOrder(grpcPort, config.metrics().port());
    for (Probe probe : List.of(server.getStartupProbe(), server.getReadinessProbe(),
        server.getLivenessProbe())) {
      assertThat(probe.getGrpc().getPort()).isEqualTo(grpcPort);
    }
    assertThat(server.getReadinessProbe().getGrpc().getService())
        .isEqualTo(PipelineServiceGrpc.SERVICE_NAME);
    assertThat(config.server().host()).isEqualTo("0.0.0.0");
    assertThat(config.auth().enabled()).isTrue();
  }

  @Test
  void tlsOverlaysProbes_askTheMetricsPortsReadinessPath_andLivenessTheGrpcPort() {
    Container patched = read("kubernetes/overlays/production-tls/tls-patch.yaml",
        Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(config.metrics().enabled()).isTrue();
    assertThat(config.metrics().bindsLoopbackOnly()).as("the kubelet probes the pod IP").isFalse();
    for (Probe probe : List.of(patched.getStartupProbe(), patched.getReadinessProbe())) {
      assertThat(probe.getHttpGet().getPath()).isEqualTo(MetricsHttpServer.READY_PATH);
      assertThat(probe.getHttpGet().getPort().getIntVal()).isEqualTo(config.metrics().port());
      assertThat(probe.getHttpGet().getScheme()).as("metrics.tls is off in the ConfigMap")
          .isNull();
    }
    assertThat(config.metrics().tls().enabled()).isFalse();
    assertThat(patched.getLivenessProbe().getTcpSocket().getPort().getIntVal())
        .isEqualTo(config.server().port());
  }

  @Test
  void cpuLimit_equalsTheWorkerThreads_andMemoryIsGuaranteed() {
    Map<String, Quantity> limits = server.getResources().getLimits();

    assertThat(Quantity.getAmountInBytes(limits.get("cpu")).intValue())
        .isEqualTo(config.server().workerThreads());
    assertThat(server.getResources().getRequests().get("memory"))
        .isEqualTo(limits.get("memory"));
  }

  @Test
  void memoryLimit_holdsTheSizedHeapAndWhatTheJvmUsesBesideIt_belowTheAlert() {
    // docs/deploy/README.md, "Sizing": a 624 MiB heap, and 196 MiB beside it (161 MiB that a
    // loaded G1 JVM with that heap committed, and the off-heap share of 2,000 connections).
    long limit = Quantity.getAmountInBytes(server.getResources().getLimits().get("memory"))
        .longValue();
    String option = "-XX:MaxRAMPercentage=";
    double heapPercent = Double.parseDouble(DockerfileTest.IMAGE.execForm("ENTRYPOINT").stream()
        .filter(word -> word.startsWith(option)).findFirst().orElseThrow()
        .substring(option.length()));
    long heap = (long) (limit * heapPercent / 100);

    assertThat(heap).as("heap").isGreaterThanOrEqualTo(624L << 20);
    assertThat(heap + (196L << 20)).as("heap and what the JVM uses beside it")
        .isLessThanOrEqualTo(limit * 85 / 100);
    // And with every open stream's receive window full of chunks its client sent ahead without
    // reading results, in direct memory with the read buffers they keep (twice the window).
    long windows = (long) config.streams().maxOpen() * 2 * config.server().flowControlWindowBytes();
    assertThat(heap + (196L << 20) + windows)
        .as("heap, what the JVM uses beside it, and every stream's full receive window")
        .isLessThan(limit * 90 / 100);
  }

  @Test
  void streamsReceiveWindows_fitTheMemoryBudgetWithTheSizedStreamsAndRequests() {
    // docs/deploy/README.md, "Sizing": of limits.total_memory_bytes (half the 624 MiB heap),
    // the sum's streams and running requests take 175 MiB; each open stream also reserves twice
    // its receive window when it opens, so streams.max_open of them must fit beside those.
    long budget = (624L << 20) / 2;
    long windows = (long) config.streams().maxOpen() * 2 * config.server().flowControlWindowBytes();
    assertThat((175L << 20) + windows).as("streams and requests, and the windows' reservations")
        .isLessThanOrEqualTo(budget);
  }

  @Test
  void connectionsAndFilterCache_areAtMostWhatTheReadmesMemorySumCounts() {
    // docs/deploy/README.md, "Sizing": 2,000 connections and a 16 MiB filter cache.
    assertThat(config.server().maxConnections()).as("server.max_connections")
        .isLessThanOrEqualTo(2_000);
    assertThat(config.limits().filterCacheBytes()).as("limits.filter_cache_bytes")
        .isLessThanOrEqualTo(16L << 20);
  }

  @Test
  void streamAutoscalingTarget_isAtMostEightyPercentOfTheOpenStreamLimit() {
    Map<?, ?> hpa = DeployFiles.safeYaml().load(
        DeployFiles.read("kubernetes/base/horizontalpodautoscaler.yaml"));
    Object target = ((List<?>) ((Map<?, ?>) hpa.get("spec")).get("metrics")).stream()
        .map(metric -> (Map<?, ?>) ((Map<?, ?>) metric).get("pods"))
        .filter(pods -> pods != null)
        .map(pods -> ((Map<?, ?>) pods.get("target")).get("averageValue"))
        .findFirst().orElseThrow();

    assertThat(Integer.parseInt(target.toString()))
        .as("the HPA adds pods before streams.max_open refuses streams")
        .isPositive()
        .isLessThanOrEqualTo(config.streams().maxOpen() * 80 / 100);
  }

  @Test
  void mounts_putTheConfigWhereTheImageLooksAndTheTokensWhereTheConfigSays() {
    List<String> cmd = DockerfileTest.IMAGE.execForm("CMD");
    String configPath = cmd.get(cmd.indexOf("--config") + 1);
    Path tokensFile = config.auth().tokensFile().orElseThrow();

    assertThat(Path.of(mountPath("config")).resolve(
        pod.getVolumes().stream().filter(volume -> volume.getName().equals("config"))
            .findFirst().orElseThrow().getConfigMap().getItems().get(0).getPath()))
        .isEqualTo(Path.of(configPath));
    Volume tokens = pod.getVolumes().stream().filter(volume -> volume.getName()
        .equals("tokens")).findFirst().orElseThrow();
    assertThat(Path.of(mountPath("tokens")).resolve(tokens.getSecret().getItems().get(0)
        .getPath())).isEqualTo(tokensFile);
    assertThat(tokens.getSecret().getSecretName()).isEqualTo(
        read("kubernetes/base/tokens-secret.example.yaml", Secret.class).getMetadata()
            .getName());
    assertThat(server.getVolumeMounts()).extracting(VolumeMount::getSubPath)
        .as("subPath mounts never see a changed Secret").containsOnlyNulls();
    assertThat(server.getEnv()).as("tokens are never in the environment").isNullOrEmpty();
  }

  @Test
  void securityContext_runsAsTheImagesNonRootUserOnAReadOnlyRoot() {
    String[] user = DockerfileTest.IMAGE.last("USER").orElseThrow().split(":");

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(Long.parseLong(user[0]));
    assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(Long.parseLong(user[1]));
    assertThat(server.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(server.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(mountPath("tmp")).as("java.io.tmpdir is writable")
        .isEqualTo(DockerfileTest.IMAGE.execForm("ENTRYPOINT").stream()
            .filter(word -> word.startsWith("-Djava.io.tmpdir=")).findFirst().orElseThrow()
            .substring("-Djava.io.tmpdir=".length()));
  }

  private String mountPath(String volume) {
    return server.getVolumeMounts().stream().filter(mount -> mount.getName().equals(volume))
        .findFirst().orElseThrow().getMountPath();
  }

  private static <T> T read(String file, Class<T> type) {
    return SERIALIZATION.unmarshal(DeployFiles.read(file), type);
  }
}
