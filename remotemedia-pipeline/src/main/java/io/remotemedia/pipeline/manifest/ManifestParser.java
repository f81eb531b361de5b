package io.remotemedia.pipeline.manifest;

import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.LimitViolation;
import io.remotemedia.pipeline.PipelineException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.scanner.ScannerException;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Reads a RemoteMedia v1 manifest from JSON or YAML text. Scalars are typed as JSON and YAML
 * 1.2's core schema type them: {@code 1:30}, {@code on}, {@code 012} and {@code 2026-12-05} are
 * strings, not 90, true, 10 and a date as in YAML 1.1. A file whose name ends in {@code .json}
 * is held to JSON (RFC 8259): a trailing comma, a comment or an unquoted string is an error
 * that says so, with its line and column, and tab indentation and the {@code \/} escape, which
 * YAML refuses, are read. Text without a name is read as YAML, which most JSON also is.
 *
 * <pre>{@code
 * PipelineManifest manifest = new ManifestParser().parse(Path.of("pipeline.yaml"));
 * }</pre>
 *
 * <p>Every error is a {@link PipelineException} of kind VALIDATION whose location names the
 * path, line and column of the problem and whose message says what was expected and what was
 * found. The parser only builds JSON's plain values: it refuses YAML tags ({@code !!str},
 * {@code !foo}) and a second YAML document, rejects duplicate keys, and bounds the document's
 * size, nesting depth, alias count and value count, so hostile input cannot hang it or exhaust
 * memory.
 *
 * <p>Structure only: whether node types, parameters and connections make sense is checked when
 * the manifest is compiled into a graph. Instances are immutable and thread-safe.
 */
public final class ManifestParser {
  /** The default size limit of a manifest document, in characters (code points). */
  public static final int DEFAULT_MAX_DOCUMENT_CHARS = 1 << 20;
  /** The default limit on how deeply collections nest. */
  public static final int MAX_NESTING_DEPTH = 32;
  /**
   * The limit on how deeply collections nest as written, which counts the objects and lists of
   * YAML merge keys that {@link #MAX_NESTING_DEPTH} does not: their keys join the object that
   * holds the merge key, but each costs the composer a level.
   */
  static final int MAX_WRITTEN_NESTING_DEPTH = 2 * MAX_NESTING_DEPTH;
  /** The limit on aliases that refer to a list or an object, each of which copies it. */
  public static final int MAX_COLLECTION_ALIASES = 16;
  /** The limit on values in one document: scalars, lists and objects, keys included. */
  public static final int MAX_VALUES = 100_000;


  /**
   * A tab where snakeyaml (YAML 1.1) takes spaces only, which it words "(Do not use \t(TAB) for
   * indentation)" also after "key:" or in brackets, where the tab indents nothing.
   */
  private static final String TAB_PROBLEM = "a tab before a key, a value or '-', where YAML"
      + " takes only spaces; use spaces (JSON may use tabs: name the file .json, or call"
      + " parseJson)";

  /** How far past the size limit a refused document is read to tell its size, as a multiple. */
  private static final int DRAIN_LIMIT_FACTOR = 16;

  private final int maxDocumentChars;

  /** A parser with the default limits. */
  public ManifestParser() {
    this(DEFAULT_MAX_DOCUMENT_CHARS);
  }

  /**
   * A parser that refuses documents longer than {@code maxDocumentChars} code points.
   *
   * @param maxDocumentChars the longest accepted document, in code points; 1 or more
   * @throws IllegalArgumentException if the limit is not positive
   */
  public ManifestParser(int maxDocumentChars) {
    if (maxDocumentChars < 1) {
      throw new IllegalArgumentException(
          "maxDocumentChars must be positive, was " + maxDocumentChars);
    }
    this.maxDocumentChars = maxDocumentChars;
  }

  /**
   * Parses manifest text.
   *
   * @param text the YAML or JSON manifest
   * @return the manifest, with each value's line and column for later errors
   */
  public PipelineManifest parse(String text) {
    return parse(new StringReader(text));
  }

  /**
   * Parses a UTF-8 manifest file: held to JSON, as {@link #parseJson}, when its name ends in
   * {@code .json} in any case; read as YAML otherwise.
   *
   * @param file a YAML or JSON manifest in UTF-8
   * @return the manifest, with each value's line and column for later errors
   * @throws IOException if the file cannot be opened or read (a folder, say)
   */
  public PipelineManifest parse(Path file) throws IOException {
    Path name = file.getFileName();
    boolean json = name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".json");
    try (Reader reader = new Utf8ManifestReader(Files.newInputStream(file))) {
      return json ? parseJson(reader) : parse(reader);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  /**
   * Parses a JSON manifest from a reader, held to JSON (RFC 8259); the caller closes it. A
   * reader that cannot decode its input is placed as {@link #parse(Reader)} says.
   *
   * @param reader a JSON manifest
   * @return the manifest, with each value's line and column for later errors
   * @throws UncheckedIOException if the reader fails other than in decoding its input
   */
  public PipelineManifest parseJson(Reader reader) {
    return parse(reader, true);
  }

  /**
   * Parses a UTF-8 manifest stream; the caller closes it.
   *
   * @param stream a YAML or JSON manifest in UTF-8
   * @return the manifest, with each value's line and column for later errors
   * @throws UncheckedIOException if the stream cannot be read
   */
  public PipelineManifest parse(InputStream stream) {
    return parse(new Utf8ManifestReader(stream));
  }

  /**
   * Parses manifest text from a reader; the caller closes it. A reader that cannot decode its
   * input (a {@link java.nio.charset.MalformedInputException}) is refused where the text it gave
   * ends, which is at or before the bad input, since the reader drops what it decoded in the
   * read that failed: at most 63 characters before it for a reader that buffers nothing itself,
   * and up to its buffer before it for one that does (8,192 characters for {@link
   * Files#newBufferedReader}). {@link #parse(Path)} and {@link #parse(InputStream)} place it
   * exactly.
   *
   * @param reader a YAML or JSON manifest
   * @return the manifest, with each value's line and column for later errors
   * @throws UncheckedIOException if the reader fails other than in decoding its input
   */
  public PipelineManifest parse(Reader reader) {
    return parse(reader, false);
  }

  private PipelineManifest parse(Reader reader, boolean json) {
    LoaderOptions options = new LoaderOptions();
    // PositionedReader enforces the size: snakeyaml's code point limit skips comments.
    options.setCodePointLimit(Integer.MAX_VALUE);
    // LimitCheckingParser enforces the depth with a position; snakeyaml's check is a backstop.
    options.setNestingDepthLimit(MAX_WRITTEN_NESTING_DEPTH + 1);
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setAllowDuplicateKeys(false);
    ManifestValueConstructor constructor = new ManifestValueConstructor(options);
    PositionedReader limited = new PositionedReader(reader, maxDocumentChars);
    StreamReader yamlReader = new StreamReader(limited);
    LimitCheckingParser parser = new LimitCheckingParser(json ? new JsonEventParser(limited)
        : new PlainDocumentParser(new ParserImpl(yamlReader, options)),
        MAX_NESTING_DEPTH, MAX_WRITTEN_NESTING_DEPTH, MAX_VALUES);
    Composer composer = new Composer(parser, new ManifestScalarResolver(), options);
    constructor.setComposer(composer);
    Node root;
    try {
      root = composer.getSingleNode();
    } catch (PositionedReader.TooLongException e) {
      long actual = limited.countToEnd(DRAIN_LIMIT_FACTOR * (long) maxDocumentChars);
      String size = actual < 0
          ? "at least " + -actual + " characters"
          : actual + " characters";
      throw PipelineException.builder(ErrorKind.VALIDATION,
              "manifest: the document has " + size + ", more than the limit of "
                  + maxDocumentChars + " characters")
          .location(ManifestLocation.ofPath(""))
          .limit(new LimitViolation("max_manifest_chars", maxDocumentChars, Math.abs(actual)))
          .build();
    } catch (PlacedRefusal e) {
      refuseYamlCharacterBefore(json, limited, e.mark.getIndex());
      throw refusal(e);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      refuseYamlCharacterBefore(json, limited, mark == null ? Integer.MAX_VALUE
          : mark.getIndex());
      Optional<PlacedRefusal> placed = json ? Optional.empty()
          : OverlongYamlKey.refusal(e, parser.lastWrittenScalar())
              .or(() -> UnreadableAnchorName.refusal(e))
              .or(() -> UnreadableEscape.refusal(e))
              .or(() -> SecondYamlAnchor.refusal(e, parser.recentEvents()))
              .or(() -> YamlItemOnItsKeyLine.refusal(e))
              .or(() -> UnclosedValue.refusal(e, parser.innermostBracket()))
              .or(() -> TextOutsideTheDocument.refusal(e, parser.lastEvent()))
              .or(() -> ReservedYamlIndicator.refusal(e))
              .or(() -> YamlLineWithoutColon.refusal(e))
              .or(() -> MisplacedYamlColon.refusal(e))
              .or(() -> AnchoredYamlAlias.refusal(e, parser.recentEvents()))
              .or(() -> StrayYamlText.refusal(e, parser.lastEvent(), parser.innermostBracket()))
              .or(() -> MisindentedYamlLine.refusal(e));
      if (placed.isPresent()) {
        throw refusal(placed.get());
      }
      ManifestLocation location = mark == null ? ManifestLocation.ofPath("") : locationOf(mark);
      throw PipelineException.builder(
              ErrorKind.VALIDATION,
              location.describe() + (json ? ": not valid JSON: " : ": not valid JSON or YAML: ")
                  + (e instanceof ScannerException && isTab(mark) ? TAB_PROBLEM
                  : oneLine(e.getProblem())))
          .location(location)
          .cause(e)
          .build();
    } catch (NumberFormatException e) {
      // snakeyaml reads some hex escapes (a backslash and x, u or U) as numbers it cannot read.
      Optional<PlacedRefusal> escape = json ? Optional.empty()
          : UnreadableEscape.unreadNumber(limited, yamlReader.getMark());
      throw escape.map(ManifestParser::refusal).orElseThrow(() -> e);
    } catch (ReaderException e) {
      PositionedReader.Refused refused =
          e instanceof JsonEventParser.ControlCharacterException control
              ? new PositionedReader.Refused(e.getCodePoint(), e.getPosition(),
                  locationOf(control.mark))
              : limited.refused(e);
      refuseYamlCharacterBefore(json, limited, refused.index());
      throw PipelineException.builder(ErrorKind.VALIDATION, refused.location().describe()
              + ": not JSON or YAML text: " + describe(refused))
          .location(refused.location())
          .cause(e)
          .build();
    } catch (YAMLException e) {
      if (e.getCause() instanceof IOException failed
          && !(failed instanceof CharacterCodingException)) {
        // Not the manifest's fault: the text could not be read.
        throw new UncheckedIOException(limited.end().describe() + ": the manifest cannot be"
            + " read further: " + failed.getMessage(), failed);
      }
      // Each problem below is where the text read so far ends, but an alias's.
      refuseYamlCharacterBefore(json, limited, e.getCause() == null
          && parser.lastEvent() instanceof AliasEvent alias
          ? alias.getStartMark().getIndex() : Integer.MAX_VALUE);
      if (e.getCause() instanceof Utf8ManifestReader.NotUtf8Exception notUtf8) {
        ManifestLocation location =
            new ManifestLocation("", notUtf8.line, notUtf8.column);
        throw PipelineException.builder(ErrorKind.VALIDATION, location.describe()
                + ": not UTF-8 text: " + notUtf8.getMessage() + "; save the manifest as UTF-8"
                + notUtf8.guess())
            .location(location)
            .cause(e)
            .build();
      }
      if (e.getCause() instanceof CharacterCodingException notDecoded) {
        // The caller's reader could not decode its input. Its decoder says neither where nor
        // which byte, and may have read a buffer ahead: the text ends here or further on.
        ManifestLocation location = limited.end();
        throw PipelineException.builder(ErrorKind.VALIDATION, location.describe()
                + ": the reader cannot decode the text" + (location.hasPosition()
                ? " from here or further on" : "") + " (" + notDecoded.getClass().getSimpleName()
                + ": " + notDecoded.getMessage() + "); a manifest is UTF-8 text, and"
                + " parse(Path) or parse(InputStream) names the line, column and byte of the"
                + " first byte that is not UTF-8 (is this a binary file, such as audio?)")
            .location(location)
            .cause(e)
            .build();
      }
      if (parser.lastEvent() instanceof AliasEvent alias) {
        // The one limit snakeyaml checks on an alias: how many refer to lists or objects.
        ManifestLocation location = locationOf(alias.getStartMark());
        throw PipelineException.builder(ErrorKind.VALIDATION, location.describe()
                + ": more than " + MAX_COLLECTION_ALIASES
                + " aliases refer to lists or objects (each expands to a copy)")
            .location(location)
            .limit(new LimitViolation(
                "max_collection_aliases", MAX_COLLECTION_ALIASES, MAX_COLLECTION_ALIASES + 1))
            .cause(e)
            .build();
      }
      throw PipelineException.builder(
              ErrorKind.VALIDATION,
              "manifest: rejected: " + oneLine(e.getMessage()))
          .location(ManifestLocation.ofPath(""))
          .cause(e)
          .build();
    }
    refuseYamlCharacterBefore(json, limited, Integer.MAX_VALUE);
    if (root == null) {
      throw PipelineException.invalidManifest(
          ManifestLocation.ofPath(""), "the document is empty; expected a manifest object");
    }
    return new ManifestTreeReader(constructor).manifest(root);
  }

  /**
   * Refuses the first character of YAML text that it does not allow where it is, when it comes
   * before the problem at {@code index} (code points from the start) or there is none; a problem
   * before it is where snakeyaml says. Two are read by snakeyaml without a word:
   *
   * <ul>
   *   <li>A character that snakeyaml (YAML 1.1) reads as a line break and an editor does not:
   *       every line and column snakeyaml gives after it would be one that an editor does not
   *       show, and it changes the text around it (it ends a comment, so that what follows on
   *       the line is read, and a quoted string loses the spaces after it, or, for U+0085, turns
   *       it into a space). JSON and YAML 1.2 read it as a character.
   *   <li>A byte order mark after the first character, which YAML allows nowhere in a document
   *       and snakeyaml keeps in a value, where it does not show: {@code Gain} with one is not
   *       {@code Gain}. JSON reads it as a character in a string.
   * </ul>
   *
   * JSON allows either only in a string, where it is read.
   */
  private static void refuseYamlCharacterBefore(boolean json, PositionedReader limited,
      int index) {
    PositionedReader.Refused lineBreak = limited.yaml11LineBreak();
    PositionedReader.Refused mark = limited.innerByteOrderMark();
    PositionedReader.Refused first = lineBreak == null || mark != null
        && mark.index() < lineBreak.index() ? mark : lineBreak;
    if (json || first == null || first.index() > index) {
      return;
    }
    if (first == mark) {
      throw PipelineException.invalidManifest(mark.location(), "U+FEFF (a byte order mark),"
          + " which does not show, inside the text: YAML allows one only as the first"
          + " character; remove it, or write it in double quotes as \\uFEFF (JSON reads it as"
          + " it is in a string: name the file .json, or call parseJson)");
    }
    String name = switch (lineBreak.codePoint()) {
      case 0x85 -> "next line";
      case 0x2028 -> "line separator";
      default -> "paragraph separator";
    };
    throw PipelineException.invalidManifest(lineBreak.location(), String.format("U+%04X (%s),"
        + " which this YAML reader takes for a line break, as YAML 1.1 does, and editors, JSON"
        + " and YAML 1.2 do not: remove it, or write it in double quotes as \\u%04X (JSON reads"
        + " it as it is in a string: name the file .json, or call parseJson)",
        lineBreak.codePoint(), name, lineBreak.codePoint()));
  }

  private static PipelineException refusal(PlacedRefusal refusal) {
    ManifestLocation location = locationOf(refusal.mark);
    return PipelineException.builder(ErrorKind.VALIDATION,
            location.describe() + ": " + refusal.problem)
        .location(location)
        .limit(refusal.violation)
        .build();
  }

  /** {@return whether the character at {@code mark} is a tab} */
  private static boolean isTab(Mark mark) {
    return mark != null && PlacedRefusal.charAt(mark) == '\t';
  }

  private static ManifestLocation locationOf(Mark mark) {
    return new ManifestLocation("", mark.getLine() + 1, mark.getColumn() + 1);
  }

  /**
   * {@return a character that YAML does not allow anywhere, named}: JSON refuses the same
   * outside its strings
   */
  private static String describe(PositionedReader.Refused refused) {
    int codePoint = refused.codePoint();
    String at = String.format("U+%04X at character %d", codePoint, refused.index());
    if (Character.isSurrogate((char) codePoint)) {
      return at + ", half of a surrogate pair without the other half, which is no character";
    }
    if (codePoint == 0xFFFE || codePoint == 0xFFFF) {
      return at + ", which is no character";
    }
    return "control character " + at + " (is this a binary file, such as audio?)";
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }
}
