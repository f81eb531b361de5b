package io.remotemedia.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/deploy/monitoring/rules.yml through promtool: the rules are valid, and the unit tests in
 * rules-test.yml (each alert fires on its series and stays quiet on the others) pass, and fail
 * when a threshold is wrong; and each alert is in the table of alerts in docs/deploy/README.md.
 */
class AlertingRulesTest {
  @TempDir Path temp;

  @Test
  void rules_passPromtoolCheckRules() throws Exception {
    ProcessRun check = ProcessRun.of(DeployFiles.path("monitoring"),
        List.of(DebianTool.PROMTOOL.require(), "check", "rules", "rules.yml"));

    assertThat(check.exitCode()).as(check.output()).isZero();
    assertThat(check.output()).contains("SUCCESS");
  }

  @Test
  void ruleUnitTests_pass() throws Exception {
    ProcessRun test = ProcessRun.of(DeployFiles.path("monitoring"),
        List.of(DebianTool.PROMTOOL.require(), "test", "rules", "rules-test.yml"));

    assertThat(test.exitCode()).as(test.output()).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  @Test
  void everyAlert_isInTheDeployGuidesTable() throws Exception {
    String guide = DeployFiles.read("README.md");
    Matcher alert = Pattern.compile("- alert: (\\w+)")
        .matcher(DeployFiles.read("monitoring/rules.yml"));
    List<String> alerts = alert.results().map(found -> found.group(1)).toList();

    assertThat(alerts).hasSizeGreaterThan(10);
    assertThat(alerts).allSatisfy(name -> assertThat(guide).contains("| `" + name + "` |"));
  }

  @Test
  void ruleUnitTests_failWhenAnAlertThresholdIsWrong() throws Exception {
    String promtool = DebianTool.PROMTOOL.require();
    // A threshold above the 97.66% in use the tests expect to alert on.
    String rules = DeployFiles.read("monitoring/rules.yml")
        .replace("expr: instance:stream_slots_used:ratio > 0.9",
            "expr: instance:stream_slots_used:ratio > 0.99");
    assertThat(rules).contains("> 0.99");
    Files.writeString(temp.resolve("rules.yml"), rules, StandardCharsets.UTF_8);
    Files.copy(DeployFiles.path("monitoring/rules-test.yml"), temp.resolve("rules-test.yml"));

    ProcessRun test = ProcessRun.of(temp, List.of(promtool, "test", "rules", "rules-test.yml"));

    assertThat(test.exitCode()).isNotZero();
    assertThat(test.output()).contains("FAILED").contains("RemoteMediaStreamsNearMax");
  }
}
