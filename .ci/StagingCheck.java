import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Checks a staged release (a directory laid out as a Maven repository, made by
 * {@code mvn -Prelease deploy}) against what a central repository checks before it accepts an
 * upload, and against what we promise users:
 *
 * <ul>
 *   <li>every POM names name, description, url, licenses, developers and scm (itself or through
 *       a staged parent), and every module's parent is staged too;
 *   <li>every jar module ships its jar, -sources.jar (with .java files), -javadoc.jar (with an
 *       index.html) and a CycloneDX SBOM (-cyclonedx.json);
 *   <li>every file has an .asc signature that {@code gpg --verify} accepts, and .md5/.sha1
 *       checksums that match it;
 *   <li>the server's runnable jar (classifier {@code all}) carries the client SDK, which the
 *       server module depends on only optionally, for the {@code call} subcommand;
 *   <li>the BOM has no parent and manages exactly the staged jar modules, and the benchmark
 *       module is not published.
 * </ul>
 *
 * <p>Run with the JDK's source launcher: {@code java .ci/StagingCheck.java target/staging}. GPG
 * must hold the public key (GNUPGHOME). Exits 1 and names every failure; 0 when all hold.
 */
public final class StagingCheck {
  private static final String GROUP_PATH = "io/remotemedia";
  private static final List<String> REQUIRED_POM_ELEMENTS =
      List.of("name", "description", "url", "licenses", "developers", "scm");
  private static final Set<String> UNPUBLISHED = Set.of("remotemedia-bench");
  private static final String SERVER = "remotemedia-grpc-server";
  private static final String RUNNABLE_JAR_NEEDS = "io/remotemedia/client/RemoteMediaClient.class";

  private final Path repository;
  private final List<String> failures = new ArrayList<>();

  private StagingCheck(Path repository) {
    this.repository = repository;
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: java .ci/StagingCheck.java <staging repository directory>");
      System.exit(2);
    }
    StagingCheck check = new StagingCheck(Path.of(args[0]));
    check.run();
    if (!check.failures.isEmpty()) {
      check.failures.forEach(f -> System.err.println("staging check: " + f));
      System.err.println("staging check: " + check.failures.size() + " problem(s) in " + args[0]);
      System.exit(1);
    }
    System.out.println("staging check: " + args[0] + " meets the central repository's rules");
  }

  private void run() throws Exception {
    Path group = repository.resolve(GROUP_PATH);
    if (!Files.isDirectory(group)) {
      failures.add("nothing staged under " + group);
      return;
    }
    Set<String> jarModules = new TreeSet<>();
    Set<String> staged = new TreeSet<>();
    try (Stream<Path> artifacts = Files.list(group)) {
      for (Path artifactDir : artifacts.filter(Files::isDirectory).sorted().toList()) {
        String artifactId = artifactDir.getFileName().toString();
        staged.add(artifactId);
        if (UNPUBLISHED.contains(artifactId)) {
          failures.add(artifactId + " is staged, but it is not a published module");
        }
        for (Path versionDir : versionDirs(artifactDir)) {
          if (checkVersion(artifactId, versionDir)) {
            jarModules.add(artifactId);
          }
        }
      }
    }
    for (String expected : List.of("remotemedia-parent", "remotemedia-bom")) {
      if (!staged.contains(expected)) {
        failures.add(expected + " is not staged");
      }
    }
    checkBom(group.resolve("remotemedia-bom"), jarModules);
  }

  private static List<Path> versionDirs(Path artifactDir) throws IOException {
    try (Stream<Path> dirs = Files.list(artifactDir)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }

  /** Checks one staged version of one artifact; returns whether it is a jar module. */
  private boolean checkVersion(String artifactId, Path versionDir) throws Exception {
    Path pom = newest(versionDir, ".pom");
    if (pom == null) {
      failures.add(versionDir + ": no POM");
      return false;
    }
    String base = pom.getFileName().toString().replaceFirst("\\.pom$", "");
    Document doc = parse(pom);
    checkMetadata(artifactId, doc);
    try (Stream<Path> files = Files.list(versionDir)) {
      for (Path file : files.filter(StagingCheck::isPayload).sorted().toList()) {
        if (file.getFileName().toString().startsWith(base)) {
          checkSignatureAndChecksums(file);
        }
      }
    }
    if (!"jar".equals(text(doc.getDocumentElement(), "packaging", "jar"))) {
      return false;
    }
    checkZip(versionDir.resolve(base + ".jar"), ".class", artifactId + " jar");
    checkZip(versionDir.resolve(base + "-sources.jar"), ".java", artifactId + " -sources.jar");
    checkZip(versionDir.resolve(base + "-javadoc.jar"), "index.html", artifactId + " -javadoc.jar");
    if (!Files.isRegularFile(versionDir.resolve(base + "-cyclonedx.json"))) {
      failures.add(artifactId + ": no CycloneDX SBOM (" + base + "-cyclonedx.json)");
    }
    if (artifactId.equals(SERVER)) {
      // The SDK is an optional dependency of the server module, yet `call` needs it: the
      // runnable jar must carry it.
      checkZip(versionDir.resolve(base + "-all.jar"), RUNNABLE_JAR_NEEDS,
          SERVER + " -all.jar (the runnable jar, for `call`)");
    }
    return true;
  }

  /** The newest deployed file with this suffix (a SNAPSHOT keeps one per deploy, timestamped). */
  private static Path newest(Path versionDir, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(versionDir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix))
          .max(Path::compareTo).orElse(null);
    }
  }

  private static boolean isPayload(Path file) {
    String name = file.getFileName().toString();
    return !name.startsWith("maven-metadata") && !name.endsWith(".asc")
        && !name.endsWith(".md5") && !name.endsWith(".sha1") && !name.endsWith(".sha256")
        && !name.endsWith(".sha512");
  }

  /** Name, description, url, licenses, developers and scm, in the POM or a staged parent. */
  private void checkMetadata(String artifactId, Document pom) throws Exception {
    Element project = pom.getDocumentElement();
    List<Element> lineage = new ArrayList<>(List.of(project));
    Element parent = child(project, "parent");
    while (parent != null) {
      String parentId = text(parent, "artifactId", "");
      Path parentDir = repository.resolve(GROUP_PATH).resolve(parentId)
          .resolve(text(parent, "version", ""));
      Path parentPom = Files.isDirectory(parentDir) ? newest(parentDir, ".pom") : null;
      if (parentPom == null) {
        failures.add(artifactId + ": its parent " + parentId + " is not staged");
        break;
      }
      Element parentProject = parse(parentPom).getDocumentElement();
      lineage.add(parentProject);
      parent = child(parentProject, "parent");
    }
    for (String element : REQUIRED_POM_ELEMENTS) {
      // name and description describe the module itself: a central repository wants them in
      // the module's own POM. The rest may be inherited.
      boolean ownOnly = element.equals("name") || element.equals("description");
      List<Element> where = ownOnly ? List.of(project) : lineage;
      if (where.stream().noneMatch(p -> hasContent(child(p, element)))) {
        failures.add(artifactId + ": the POM has no <" + element + ">");
      }
    }
    Element licenses = lineage.stream().map(p -> child(p, "licenses")).filter(l -> l != null)
        .findFirst().orElse(null);
    if (licenses != null && !licenses.getTextContent().contains("Apache-2.0")) {
      failures.add(artifactId + ": the license is not Apache-2.0");
    }
  }

  private void checkSignatureAndChecksums(Path file) throws Exception {
    Path asc = Path.of(file + ".asc");
    if (!Files.isRegularFile(asc)) {
      failures.add(file.getFileName() + ": no .asc signature");
    } else {
      Process gpg = new ProcessBuilder(
          "gpg", "--batch", "--verify", asc.toString(), file.toString())
          .redirectErrorStream(true).start();
      String output = new String(gpg.getInputStream().readAllBytes());
      if (gpg.waitFor() != 0) {
        failures.add(file.getFileName() + ": gpg --verify fails: " + output.strip());
      }
    }
    byte[] content = Files.readAllBytes(file);
    for (String[] sum : new String[][] {{"md5", "MD5"}, {"sha1", "SHA-1"}}) {
      Path sumFile = Path.of(file + "." + sum[0]);
      if (!Files.isRegularFile(sumFile)) {
        failures.add(file.getFileName() + ": no ." + sum[0] + " checksum");
      } else if (!Files.readString(sumFile).strip().startsWith(digest(sum[1], content))) {
        failures.add(file.getFileName() + ": its ." + sum[0] + " checksum does not match");
      }
    }
  }

  private void checkZip(Path jar, String entrySuffix, String what) throws IOException {
    if (!Files.isRegularFile(jar)) {
      failures.add(what + " is missing (" + jar.getFileName() + ")");
      return;
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      if (zip.stream().noneMatch(e -> e.getName().endsWith(entrySuffix))) {
        failures.add(what + " has no " + entrySuffix + " entry");
      }
    }
  }

  /** The BOM: no parent (its versions must not leak), and exactly the staged jar modules. */
  private void checkBom(Path bomDir, Set<String> jarModules) throws Exception {
    if (!Files.isDirectory(bomDir)) {
      return;
    }
    for (Path versionDir : versionDirs(bomDir)) {
      Element bom = parse(newest(versionDir, ".pom")).getDocumentElement();
      if (child(bom, "parent") != null) {
        failures.add("remotemedia-bom has a <parent>: importing it would import the parent's"
            + " third-party versions too");
      }
      Set<String> managed = new TreeSet<>();
      Element management = child(bom, "dependencyManagement");
      Element dependencies = management == null ? null : child(management, "dependencies");
      if (dependencies != null) {
        for (Node n = dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n instanceof Element dependency) {
            if (!"io.remotemedia".equals(text(dependency, "groupId", ""))) {
              failures.add("remotemedia-bom manages a third-party artifact: "
                  + text(dependency, "groupId", "") + ":" + text(dependency, "artifactId", ""));
            }
            managed.add(text(dependency, "artifactId", ""));
          }
        }
      }
      if (!managed.equals(jarModules)) {
        failures.add("remotemedia-bom manages " + managed + " but the staged modules are "
            + jarModules);
      }
    }
  }

  private static String digest(String algorithm, byte[] content) throws NoSuchAlgorithmException {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
  }

  private static Document parse(Path pom)
      throws ParserConfigurationException, SAXException, IOException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    try (InputStream in = Files.newInputStream(pom)) {
      return factory.newDocumentBuilder().parse(in);
    }
  }

  private static Element child(Element parent, String name) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String name, String fallback) {
    Element e = child(parent, name);
    return e == null ? fallback : e.getTextContent().strip();
  }

  private static boolean hasContent(Element e) {
    return e != null && !e.getTextContent().isBlank();
  }
}
