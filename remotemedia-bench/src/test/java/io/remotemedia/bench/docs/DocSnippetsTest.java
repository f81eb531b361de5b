package io.remotemedia.bench.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every {@code ```java} snippet in README.md and docs/**.md compiles as written, imports
 * included, against the project's modules (all of them are on this module's test class path),
 * so the docs cannot rot. A snippet without a class is wrapped in a method; a comment
 * {@code // given: Type name, ...} declares what the surrounding text provides. See {@link
 * DocSnippet} for the conventions. Compiled in memory with {@code javax.tools}, in one pass.
 */
class DocSnippetsTest {
  private static Path root;
  private static List<DocSnippet> snippets;

  @BeforeAll
  static void findSnippets() throws IOException {
    root = projectRoot();
    List<Path> markdown = new ArrayList<>();
    markdown.add(root.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
      docs.filter(file -> file.toString().endsWith(".md")).sorted().forEach(markdown::add);
    }
    snippets = new ArrayList<>();
    for (Path file : markdown) {
      snippets.addAll(DocSnippet.extract(root, file));
    }
  }

  @Test
  void snippets_areFoundInTheReadmeAndTheDocs() {
    assertThat(snippets).extracting(snippet -> snippet.file().toString())
        .contains("README.md", "docs/client.md", "docs/embedding.md", "docs/streaming.md");
  }

  @Test
  void snippets_importEachClassByName() {
    assertThat(snippets)
        .filteredOn(snippet -> !snippet.wildcardImports().isEmpty())
        .extracting(snippet -> snippet.where() + ": " + snippet.wildcardImports())
        .as("wildcard imports (an IDE may then offer io.remotemedia.proto.AudioBuffer)")
        .isEmpty();
  }

  @Test
  void snippets_importTheDomainTypesNotTheirNamesakes() {
    Pattern namesake = Pattern.compile("(?m)^import\\s+(io\\.remotemedia\\.proto|javax\\.sound"
        + "\\.sampled)\\.(AudioBuffer|AudioFormat|PipelineManifest|StreamResult)\\s*;");
    assertThat(snippets)
        .filteredOn(snippet -> namesake.matcher(snippet.code()).find())
        .extracting(DocSnippet::where)
        .as("snippets importing the wire message or javax.sound class of a domain type's name")
        .isEmpty();
  }

  @Test
  void snippets_compileAgainstTheModules() {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    assertThat(compiler).as("a JDK, not a JRE, runs the tests").isNotNull();
    Map<String, DocSnippet> byClass = snippets.stream()
        .collect(Collectors.toMap(DocSnippet::className, Function.identity()));
    assertThat(byClass).as("class names are unique").hasSameSizeAs(snippets);
    List<JavaFileObject> units = snippets.stream()
        .map(snippet -> (JavaFileObject) new Source(snippet.className(),
            snippet.compilationUnit()))
        .toList();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics,
        Locale.ROOT, null);

    boolean compiled = compiler.getTask(null, new InMemoryOutput(standard), diagnostics,
        List.of("-proc:none", "-classpath", classPath(), "-Xlint:none"), null, units).call();

    List<String> errors = diagnostics.getDiagnostics().stream()
        .filter(diagnostic -> diagnostic.getKind() == Diagnostic.Kind.ERROR)
        .sorted(Comparator.comparing(DocSnippetsTest::where))
        .map(diagnostic -> where(diagnostic) + ": " + diagnostic.getMessage(Locale.ROOT)
            .lines().map(String::strip).collect(Collectors.joining("; ")))
        .toList();
    assertThat(errors).as("compiler errors in doc snippets").isEmpty();
    assertThat(compiled).isTrue();
  }

  private static String where(Diagnostic<? extends JavaFileObject> diagnostic) {
    if (!(diagnostic.getSource() instanceof Source source)) {
      return "(no source)";
    }
    DocSnippet snippet = snippets.stream()
        .filter(candidate -> candidate.className().equals(source.className))
        .findFirst().orElseThrow();
    return snippet.file() + ":" + (snippet.startLine() + diagnostic.getLineNumber() - 1);
  }

  /**
   * The test class path: surefire runs the tests through a manifest-only jar, so {@code
   * java.class.path} is only that jar; surefire puts the real one in this property.
   */
  private static String classPath() {
    return System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
  }

  /** The directory that holds README.md and docs/, above the module's working directory. */
  private static Path projectRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no README.md and docs/ above " + Path.of("").toAbsolutePath());
  }

  /** A snippet's compilation unit as a source file in memory. */
  private static final class Source extends SimpleJavaFileObject {
    final String className;
    private final String code;

    Source(String className, String code) {
      super(URI.create("string:///" + className + Kind.SOURCE.extension), Kind.SOURCE);
      this.className = className;
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }

  /** Keeps the class files in memory, where they are dropped: only the errors matter. */
  private static final class InMemoryOutput extends ForwardingJavaFileManager<JavaFileManager> {
    InMemoryOutput(JavaFileManager files) {
      super(files);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(Location location, String className,
        JavaFileObject.Kind kind, FileObject sibling) {
      return new SimpleJavaFileObject(URI.create("mem:///" + className + kind.extension), kind) {
        @Override
        public OutputStream openOutputStream() {
          return new ByteArrayOutputStream();
        }
      };
    }
  }
}
