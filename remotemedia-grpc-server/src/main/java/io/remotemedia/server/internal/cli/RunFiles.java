package io.remotemedia.server.internal.cli;

import io.remotemedia.server.internal.files.FileAccessFailure;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks the files of {@code run} and {@code call} before any audio is processed, so a typo in
 * a path costs nothing, and words each problem with the option, the path, what is wrong and
 * what to do:
 *
 * <pre>
 * --input in.mp3: this is an MP3 file, not WAV; convert it first: ffmpeg -i in.mp3 in.wav
 * --output out/x.wav: cannot write: the folder out does not exist; create it (mkdir -p out)
 * </pre>
 */
final class RunFiles {
  /** Extensions of audio formats other than WAV, which an output named so would not be. */
  private static final Set<String> OTHER_AUDIO_EXTENSIONS = Set.of("mp3", "flac", "ogg", "oga",
      "opus", "m4a", "aac", "mp4", "aif", "aiff", "wma", "webm", "caf", "amr");

  private RunFiles() {}

  /** Checks that the manifest exists and is not, say, the audio given by mistake. */
  static void checkManifest(Path manifest) throws UnusableFileException {
    FileKind kind = kindOfExisting("--manifest", manifest, "the JSON or YAML manifest");
    if (kind.isConvertibleAudio() || kind == FileKind.WAV) {
      throw new UnusableFileException("--manifest " + manifest + ": this is "
          + kind.description() + ", not a manifest (JSON or YAML); did you swap --manifest and"
          + " --input?");
    }
  }

  /**
   * Checks that an input exists and is a WAV or Ogg Opus file; other audio gets the command to
   * convert.
   */
  static void checkInput(Path input) throws UnusableFileException {
    if (isPipe(input)) {
      return; // Read once, as WAV: looking into it first would take its header away.
    }
    FileKind kind = kindOfExisting("--input", input, "a WAV file");
    if (kind == FileKind.WAV || kind == FileKind.OGG_OPUS) {
      return;
    }
    String problem = "--input " + input + ": this is " + kind.description()
        + ", not WAV or Ogg Opus";
    if (kind.isConvertibleAudio()) {
      throw new UnusableFileException(problem + "; convert it first: "
          + kind.conversionHint(input));
    }
    if (kind == FileKind.TEXT) {
      throw new UnusableFileException(problem + " (a manifest?); did you swap --manifest and"
          + " --input?");
    }
    // An unknown header: the WAV reader's own message says what it expected and found.
  }

  /**
   * {@return whether {@code file} is a pipe or a device, such as {@code /dev/stdin}: there, but
   * neither a regular file nor a folder, so it can be read only once}
   */
  static boolean isPipe(Path file) {
    return Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file);
  }

  /**
   * {@return whether {@code output} is written where it is, not as a {@code .part} file moved
   * into place: a pipe, a device, the standard output, or a descriptor's link ({@code
   * /dev/stdout}, {@code /dev/fd/3}, {@code /proc/self/fd/3}). Such a link may point to a
   * regular file the shell opened ({@code > out.wav}): a file moved onto it would replace the
   * link, not fill the file. A regular file under {@code /dev} ({@code /dev/shm}, a tmpfs) is
   * not one of them}
   */
  static boolean isWrittenInPlace(Path output) {
    Path absolute = output.toAbsolutePath().normalize();
    return isPipe(output) || isStandardOutput(output)
        || (absolute.startsWith("/dev") || absolute.startsWith("/proc"))
            && Files.isSymbolicLink(absolute);
  }

  /**
   * {@return whether {@code output} is this process's standard output ({@code /dev/stdout}, or
   * the file it is redirected to)}
   */
  static boolean isStandardOutput(Path output) {
    Path stdout = Path.of("/dev/stdout");
    try {
      return output.equals(stdout) || Files.exists(output) && Files.exists(stdout)
          && Files.isSameFile(output, stdout);
    } catch (IOException e) {
      return false; // Not comparable: then it is not the standard output as far as we can tell.
    }
  }

  /**
   * Checks that {@code output} can be created: its folder exists, and it is not a folder.
   *
   * @param example a file name to suggest when {@code output} is a folder
   */
  static void checkOutput(String option, Path output, String example)
      throws UnusableFileException {
    if (Files.isDirectory(output)) {
      throw new UnusableFileException(option + " " + output + ": cannot write: it is a folder;"
          + " give a file name, for example " + output.resolve(example));
    }
    Path folder = output.toAbsolutePath().getParent();
    if (folder != null && !Files.isDirectory(folder)) {
      Path shown = output.getParent() != null ? output.getParent() : folder;
      throw new UnusableFileException(option + " " + output + ": cannot write: the folder "
          + shown + " does not exist; create it first (mkdir -p " + shown + ") or choose"
          + " another path");
    }
    if (folder != null && !Files.isWritable(folder)) {
      throw new UnusableFileException(option + " " + output + ": cannot write: the folder "
          + folder + " is not writable; choose another path");
    }
  }

  /**
   * Checks that {@code output} is none of the files the run reads: an output is created (and
   * a long input's written) while the inputs are still being read, so writing over one would
   * destroy it mid-run.
   *
   * @param read each file the run reads, by the option that names it
   */
  static void checkNotRead(String option, Path output, Map<Path, String> read)
      throws UnusableFileException {
    if (!Files.exists(output)) {
      return;
    }
    for (Map.Entry<Path, String> file : read.entrySet()) {
      try {
        if (Files.exists(file.getKey()) && Files.isSameFile(output, file.getKey())) {
          throw new UnusableFileException(option + " " + output + ": this is also the "
              + file.getValue() + " file; write the result to another file", null);
        }
      } catch (IOException e) {
        throw cannotRead(file.getValue(), file.getKey(), e);
      }
    }
  }

  /**
   * Checks that no other output of the run goes to {@code output}, by any name (a link to its
   * folder, a hard link to it), and records it: two sinks written block by block into one file
   * would interleave.
   *
   * @param written the outputs checked so far, by the real path of their folder and their name;
   *     updated
   */
  static void checkWrittenOnce(String option, Path output, Map<Path, String> written)
      throws UnusableFileException {
    Path key = identity(output);
    for (Map.Entry<Path, String> other : written.entrySet()) {
      boolean same = other.getKey().equals(key);
      try {
        same = same || Files.exists(output) && Files.exists(other.getKey())
            && Files.isSameFile(output, other.getKey());
      } catch (IOException e) {
        throw cannotRead(option, output, e);
      }
      if (same) {
        throw new UnusableFileException(option + " " + output + ": another " + other.getValue()
            + " writes this file too; give each output its own file", null);
      }
    }
    written.put(key, option);
  }

  /** {@code file} as its folder's real path and its name: the same for every name of it. */
  private static Path identity(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    Path folder = absolute.getParent();
    try {
      return folder == null ? absolute : folder.toRealPath().resolve(absolute.getFileName());
    } catch (IOException e) {
      return absolute; // checkOutput has found the folder; if it went since, the write says so
    }
  }

  /**
   * Checks that an audio output is not named as another audio format: a name ending in .mp3,
   * .flac, .ogg and the like would hold WAV all the same. Other names (a temporary file's, or
   * {@code out.wav.part}) are the caller's business.
   */
  static void checkWavName(Path output) throws UnusableFileException {
    String name = output.getFileName() == null ? "" : output.getFileName().toString();
    int dot = name.lastIndexOf('.');
    if (dot <= 0 || !OTHER_AUDIO_EXTENSIONS.contains(
        name.substring(dot + 1).toLowerCase(Locale.ROOT))) {
      return;
    }
    String wav = name.substring(0, dot) + ".wav";
    throw new UnusableFileException("--output " + output + ": outputs are written as WAV,"
        + " so name it " + wav + "; to get " + name.substring(dot + 1) + ", convert that"
        + " file afterwards (ffmpeg -i " + wav + " " + name + ")");
  }

  /**
   * {@return the file that writing {@code file} puts its bytes in: the one a symbolic link, or
   * a chain of them, points to; {@code file} itself when it is not a link}
   *
   * @throws IOException if a link cannot be read, or the chain is longer than 40 links
   */
  static Path linkTarget(Path file) throws IOException {
    Path target = file;
    for (int links = 0; Files.isSymbolicLink(target); links++) {
      if (links == 40) {
        throw new FileSystemException(file.toString(), null,
            "too many levels of symbolic links");
      }
      target = target.resolveSibling(Files.readSymbolicLink(target));
    }
    return target;
  }

  /** Words a failure to write {@code output} after the run. */
  static UnusableFileException cannotWrite(String option, Path output, IOException e) {
    return new UnusableFileException(option + " " + output + ": cannot write: "
        + FileAccessFailure.reason(e), e);
  }

  /** Words a failure to read {@code file}, such as a WAV file the reader refuses. */
  static UnusableFileException cannotRead(String option, Path file, IOException e) {
    return new UnusableFileException(option + " " + file + ": " + FileAccessFailure.reason(e),
        e);
  }

  private static FileKind kindOfExisting(String option, Path file, String expected)
      throws UnusableFileException {
    if (!Files.exists(file)) {
      throw new UnusableFileException(option + " " + file + ": not found (looked in "
          + file.toAbsolutePath() + "); give the path of " + expected);
    }
    if (Files.isDirectory(file)) {
      throw new UnusableFileException(option + " " + file + ": is a folder; give the path of "
          + expected);
    }
    try {
      return FileKind.of(file);
    } catch (IOException e) {
      throw new UnusableFileException(option + " " + file + ": cannot read it: "
          + FileAccessFailure.reason(e), e);
    }
  }
}
