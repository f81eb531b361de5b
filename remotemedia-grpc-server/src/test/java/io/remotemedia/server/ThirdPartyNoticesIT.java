package io.remotemedia.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar carries the notices of what it bundles: META-INF/THIRD-PARTY.txt names every
 * bundled artifact, from the jar's own {@code META-INF/maven/*}{@code /*}{@code /pom.properties}
 * and from the build's list of the runtime artifacts (grpc and protobuf jars carry no
 * pom.properties), with a license whose text the file or META-INF/LICENSE holds. Runs in the
 * integration-test phase, after the jar is built.
 */
class ThirdPartyNoticesIT {
  private static final Path JAR = Path.of("target", "remotemedia-server.jar");
  private static final Path BUNDLED = Path.of("target", "bundled-artifacts.txt");
  /** A row of the Artifacts section: {@code group:artifact  License}. */
  private static final Pattern ROW = Pattern.compile("^([\\w.-]+:[\\w.-]+)\\s+(\\S+)$");
  /** A line of dependency:list: {@code    group:artifact:type[:classifier]:version:scope}. */
  private static final Pattern LISTED = Pattern.compile("^\\s+([\\w.-]+:[\\w.-]+):\\S+");

  private static Map<String, String> notices;
  private static String noticesText;

  @BeforeAll
  static void readNotices() throws IOException {
    noticesText = entry("META-INF/THIRD-PARTY.txt");
    notices = new TreeMap<>();
    for (String line : noticesText.split("\n")) {
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        notices.put(row.group(1), row.group(2));
      }
    }
  }

  private static String entry(String name) throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      ZipEntry entry = jar.getEntry(name);
      assertThat(entry).as("%s in %s", name, JAR).isNotNull();
      try (InputStream in = jar.getInputStream(entry)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  /** The group:artifact of every pom.properties in the jar, RemoteMedia's own left out. */
  private static Set<String> pomPropertiesArtifacts() throws IOException {
    Set<String> artifacts = new TreeSet<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (ZipEntry entry : jar.stream().toList()) {
        if (entry.getName().matches("META-INF/maven/[^/]+/[^/]+/pom\\.properties")) {
          Properties properties = new Properties();
          try (InputStream in = jar.getInputStream(entry)) {
            properties.load(in);
          }
          String group = properties.getProperty("groupId");
          if (!group.equals("io.remotemedia")) {
            artifacts.add(group + ":" + properties.getProperty("artifactId"));
          }
        }
      }
    }
    return artifacts;
  }

  private static Set<String> buildListArtifacts() throws IOException {
    Set<String> artifacts = new TreeSet<>();
    for (String line : Files.readAllLines(BUNDLED)) {
      Matcher listed = LISTED.matcher(line);
      if (listed.find()) {
        artifacts.add(listed.group(1));
      }
    }
    return artifacts;
  }

  @Test
  void thirdParty_namesEveryArtifactWhosePomPropertiesTheJarCarries() throws IOException {
    Set<String> inJar = pomPropertiesArtifacts();

    assertThat(inJar).contains("io.github.jaredmdobson:concentus", "io.netty:netty-common");
    assertThat(notices.keySet()).containsAll(inJar);
  }

  @Test
  void thirdParty_namesEveryArtifactTheBuildBundlesAndNoOther() throws IOException {
    Set<String> bundled = buildListArtifacts();
    bundled.addAll(pomPropertiesArtifacts());

    assertThat(bundled).contains("com.google.protobuf:protobuf-java", "io.grpc:grpc-core");
    assertThat(notices.keySet()).containsExactlyInAnyOrderElementsOf(bundled);
  }

  @Test
  void thirdParty_carriesTheTextOfEveryLicenseItNames() throws IOException {
    assertThat(Set.copyOf(notices.values()))
        .containsExactlyInAnyOrder("Apache-2.0", "BSD-3-Clause", "MIT");
    assertThat(entry("META-INF/LICENSE")).contains("Apache License", "Version 2.0, January 2004");
    // The two BSD notices and the MIT one, each with its copyright line.
    assertThat(noticesText).contains("Copyright 2008 Google Inc.",
        "Skype Limited, Xiph.Org Foundation, CSIRO",
        "Copyright (c) 2008 Kohsuke Kawaguchi and codehaus.org.",
        "Redistributions in binary form must reproduce the above copyright notice",
        "Permission is hereby granted, free of charge");
    assertThat(notices).containsEntry("io.github.jaredmdobson:concentus", "BSD-3-Clause")
        .containsEntry("com.google.protobuf:protobuf-java", "BSD-3-Clause")
        .containsEntry("org.codehaus.mojo:animal-sniffer-annotations", "MIT");
  }

  @Test
  void notice_mergesTheNoticesOfEveryLog4jJar() throws IOException {
    String notice = entry("META-INF/NOTICE");

    // Before the merge only the first jar's NOTICE (log4j-api's) survived.
    assertThat(notice).contains("Apache Log4j API", "Apache Log4j Core");
  }
}
