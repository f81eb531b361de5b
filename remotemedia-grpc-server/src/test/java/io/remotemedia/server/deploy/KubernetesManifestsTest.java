package io.remotemedia.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every Kubernetes manifest under docs/deploy/kubernetes against the Kubernetes API schema
 * ({@link KubernetesSchema}: unknown fields and wrong types fail).
 *
 * <p>kustomize is not a Maven, npm or Debian package, so CI checks the base and each overlay's
 * own files (namespace, patches) separately, and checks that every file a kustomization names
 * exists. Where {@code kubectl} is installed, the rendered overlays ({@code kubectl kustomize})
 * are checked too.
 */
class KubernetesManifestsTest {
  private final KubernetesSchema schema = new KubernetesSchema();

  @Test
  void everyManifest_matchesTheKubernetesSchema() {
    List<Path> manifests = DeployFiles.yamlFilesUnder("kubernetes").stream()
        .filter(file -> !file.getFileName().toString().equals("kustomization.yaml")).toList();
    assertThat(manifests).as("manifests found").hasSizeGreaterThanOrEqualTo(10);

    List<String> problems = new ArrayList<>();
    for (Path file : manifests) {
      for (Map<String, Object> object : objects(read(file))) {
        schema.problems(object).forEach(problem -> problems.add(file.getFileName() + ": "
            + problem));
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void problems_misspeltFieldInTheDeployment_namesItsPath() {
    String deployment = DeployFiles.read("kubernetes/base/deployment.yaml")
        .replace("terminationGracePeriodSeconds:", "terminationGracePeriodSecond:")
        .replace("readinessProbe:", "readynessProbe:");

    List<String> problems = schema.problems(objects(deployment).get(0));

    assertThat(problems).containsExactlyInAnyOrder(
        "Deployment.spec.template.spec: unknown field \"terminationGracePeriodSecond\"",
        "Deployment.spec.template.spec.containers[0]: unknown field \"readynessProbe\"");
  }

  @Test
  void problems_misspeltFieldInAPatchAndInTheServiceMonitor_areFound() {
    String patch = DeployFiles.read("kubernetes/overlays/production-tls/tls-patch.yaml")
        .replace("secretName: remotemedia-tls", "secretname: remotemedia-tls");
    String monitor = DeployFiles.read("kubernetes/base/servicemonitor.yaml")
        .replace("interval: 15s", "intervall: 15s");

    assertThat(schema.problems(objects(patch).get(0))).containsExactly(
        "Deployment.spec.template.spec.volumes[0].secret: unknown field \"secretname\"");
    assertThat(schema.problems(objects(monitor).get(0))).containsExactly(
        "ServiceMonitor.spec.endpoints[0]: unknown field \"intervall\"");
  }

  @Test
  void problems_wrongTypeOrUnknownKind_areReported() {
    String wrongType = DeployFiles.read("kubernetes/base/poddisruptionbudget.yaml")
        .replace("maxUnavailable: 1", "maxUnavailable: {one: 1}");
    String wordForNumber = DeployFiles.read("kubernetes/base/deployment.yaml")
        .replace("failureThreshold: 30", "failureThreshold: thirty");
    String unknownKind = DeployFiles.read("kubernetes/base/service.yaml")
        .replace("kind: Service", "kind: Servise");

    assertThat(schema.problems(objects(wrongType).get(0))).singleElement().asString()
        .startsWith("PodDisruptionBudget: does not fit the schema");
    assertThat(schema.problems(objects(wordForNumber).get(0))).singleElement().asString()
        .startsWith("Deployment: does not fit the schema").contains("thirty");
    assertThat(schema.problems(objects(unknownKind).get(0))).containsExactly(
        "v1 Servise: not a kind of the Kubernetes API (or of the Prometheus Operator)");
  }

  @Test
  void alertingRules_wrappedAsAPrometheusRule_matchTheSchema() {
    String rule = PrometheusRuleWrapper.wrap(DeployFiles.read("monitoring/rules.yml"));

    Map<String, Object> object = objects(rule).get(0);

    assertThat(object).containsEntry("kind", "PrometheusRule");
    assertThat(schema.problems(object)).isEmpty();
  }

  @Test
  void kustomizations_nameOnlyFilesThatExist() {
    List<Path> kustomizations = DeployFiles.yamlFilesUnder("kubernetes").stream()
        .filter(file -> file.getFileName().toString().equals("kustomization.yaml")).toList();
    assertThat(kustomizations).hasSize(3);
    for (Path kustomization : kustomizations) {
      Map<String, Object> content = objects(read(kustomization)).get(0);
      List<String> named = new ArrayList<>(strings(content.get("resources")));
      for (Object patch : list(content.get("patches"))) {
        named.add(String.valueOf(((Map<?, ?>) patch).get("path")));
      }
      assertThat(named).as(kustomization.toString()).isNotEmpty().allSatisfy(name ->
          assertThat(kustomization.getParent().resolve(name)).exists());
    }
  }

  @Test
  void renderedOverlays_matchTheKubernetesSchema_whereKubectlIsInstalled() throws Exception {
    Path kubectl = Path.of("/usr/bin/kubectl");
    assumeTrue(Files.isExecutable(kubectl),
        "kubectl is not installed (not a Debian package): the overlays are checked file by"
            + " file only");
    // production-tls builds on production, so one rendering covers both overlays' files
    // (kubectl takes seconds to start here).
    Process render = new ProcessBuilder(kubectl.toString(), "kustomize",
        DeployFiles.path("kubernetes/overlays/production-tls").toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String rendered = new String(render.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(render.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(render.exitValue()).as("kubectl kustomize overlays/production-tls").isZero();

    List<Map<String, Object>> objects = objects(rendered);
    assertThat(objects).extracting(object -> object.get("kind"))
        .contains("Namespace", "Deployment", "ConfigMap", "Service", "NetworkPolicy");
    assertThat(rendered).contains("secretName: remotemedia-tls").contains("tcpSocket:")
        .contains("path: /-/ready")
        .doesNotContain("grpc:\n            port: 50051");
    List<String> problems = new ArrayList<>();
    objects.forEach(object -> problems.addAll(schema.problems(object)));
    assertThat(problems).isEmpty();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> objects(String yaml) {
    List<Map<String, Object>> objects = new ArrayList<>();
    for (Object document : DeployFiles.safeYaml().loadAll(yaml)) {
      if (document != null) {
        objects.add((Map<String, Object>) document);
      }
    }
    return objects;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<?> list(Object value) {
    return value == null ? List.of() : (List<?>) value;
  }

  private static List<String> strings(Object value) {
    return list(value).stream().map(String::valueOf).toList();
  }
}
