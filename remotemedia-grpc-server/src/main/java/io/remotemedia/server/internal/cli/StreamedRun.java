package io.remotemedia.server.internal.cli;

import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.audio.SampleFormat;
import io.remotemedia.audio.wav.WavBlockWriter;
import io.remotemedia.audio.wav.WavSampleEncoding;
import io.remotemedia.audio.wav.WavWriter;
import io.remotemedia.pipeline.ExecutionLimits;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.OpenStreamRequest;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * {@code run} and {@code call} over one long WAV input, or one Ogg Opus input: the file is
 * read, run and written block by block through a stream of the pipeline, here or on the
 * server, so memory stays bounded whatever the file's length. A stream's audio is the same as
 * one execution of the whole input
 * ({@link io.remotemedia.pipeline.PipelineStream}), so only the memory differs from a whole
 * run. On failure the outputs begun are deleted, so that no half-written file is left looking
 * like a result.
 */
final class StreamedRun {
  /** Samples per pushed block, all channels together. */
  private static final int BLOCK_SAMPLES = 64 * 1024;

  private final PrintStream out;
  private final BiFunction<SampleFormat, Map<String, WavSampleEncoding>, WavSampleEncoding>
      encodingFor;

  /**
   * @param out where each output's line goes
   * @param encodingFor the encoding an output is written in, given its sample format and the
   *     inputs' encodings
   */
  StreamedRun(PrintStream out,
      BiFunction<SampleFormat, Map<String, WavSampleEncoding>, WavSampleEncoding> encodingFor) {
    this.out = out;
    this.encodingFor = encodingFor;
  }

  /**
   * An output being written: its file as named, the file its bytes end up in (the one a
   * symbolic link points to, or the file itself), where its blocks go until the run succeeds
   * (a {@code .part} file beside that, or the file itself for a pipe or {@code /dev/stdout}),
   * and the format and encoding of its first block.
   */
  private record Sink(Path file, Path target, Path written, WavBlockWriter writer,
      AudioFormat format, WavSampleEncoding encoding) {
    /** Moves the finished {@code .part} file into place, replacing any earlier result. */
    void publish() throws IOException {
      if (!written.equals(target)) {
        Files.move(written, target, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }

  /**
   * Runs {@code manifest} over the open {@code input} for {@code source}, writing each sink in
   * {@code outputs} as its blocks come.
   *
   * @return the session's result: its data outputs and metrics (its audio is in the files)
   */
  ExecutionResult run(Function<OpenStreamRequest, BlockStream> open, PipelineManifest manifest,
      String source, Path inputFile, InputBlocks input, Map<String, Path> outputs)
      throws UnusableFileException {
    AudioFormat format = input.format();
    Map<String, WavSampleEncoding> encodings = Map.of(source, input.encoding());
    Map<String, Sink> sinks = new ConcurrentHashMap<>();
    // Ctrl-C or SIGTERM mid-run: the .part files go too, so that none is left behind.
    Thread onSignal = new Thread(() -> deleteParts(sinks), "remotemedia-run-cleanup");
    Runtime.getRuntime().addShutdownHook(onSignal);
    boolean done = false;
    try (BlockStream stream = open.apply(
        new OpenStreamRequest(manifest, format, ExecutionLimits.UNSET))) {
      int channels = format.channelCount();
      int blockFrames = Math.max(1, BLOCK_SAMPLES / channels);
      long sent = 0;
      long received = 0;
      while (true) {
        float[] block = new float[blockFrames * channels];
        int frames;
        try {
          frames = input.read(block, blockFrames);
        } catch (IOException e) {
          throw RunFiles.cannotRead("--input", inputFile, e);
        }
        if (frames == 0) {
          break;
        }
        stream.send(AudioBuffer.of(format, block, frames));
        sent++;
        // Read before sending past the window: a server stops reading while results wait.
        while (sent - received >= stream.window()) {
          append(stream.next(), outputs, sinks, encodings);
          received++;
        }
      }
      while (received < sent) {
        append(stream.next(), outputs, sinks, encodings);
        received++;
      }
      ExecutionResult result = stream.finish();
      append(result.audioOutputs(), outputs, sinks, encodings);
      for (Map.Entry<String, Path> output : outputs.entrySet()) {
        Sink sink = sinks.get(output.getKey());
        if (sink == null) {
          throw new UnusableFileException("--output " + output.getValue() + ": sink "
              + output.getKey() + " produced no audio", null);
        }
        try {
          sink.writer().close();
          sink.publish();
        } catch (IOException e) {
          throw RunFiles.cannotWrite("--output", sink.file(), e);
        }
        out.printf("%s: %d frames, %s, %s -> %s%s%n", output.getKey(),
            sink.writer().frameCount(), sink.format(), sink.encoding(), sink.file(),
            ClippedNote.of(result, output.getKey(), sink.format(), sink.encoding(),
                sink.writer().clippedCount()));
      }
      done = true;
      return result;
    } finally {
      if (!done) {
        abandon(sinks);
      }
      removeHook(onSignal);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook is running, or has.
    }
  }

  private void append(Map<String, AudioBuffer> audio, Map<String, Path> outputs,
      Map<String, Sink> sinks, Map<String, WavSampleEncoding> encodings)
      throws UnusableFileException {
    for (Map.Entry<String, Path> output : outputs.entrySet()) {
      AudioBuffer buffer = audio.get(output.getKey());
      if (buffer == null) {
        continue;
      }
      try {
        Sink sink = sinks.get(output.getKey());
        if (sink == null) {
          WavSampleEncoding encoding =
              encodingFor.apply(buffer.format().sampleFormat(), encodings);
          // A file is written beside itself and moved into place once whole, so that a run
          // that fails or is killed leaves an earlier result as it was and no partial one.
          // A symbolic link is written through, as a whole run's output is, not replaced.
          // (/dev/stdout is a link too, but written in place: where it points is not a name.)
          Path file = output.getValue();
          boolean inPlace = RunFiles.isWrittenInPlace(file);
          Path target = inPlace ? file : RunFiles.linkTarget(file);
          Path written = inPlace ? file : target.resolveSibling(target.getFileName() + ".part");
          sink = new Sink(file, target, written,
              WavWriter.open(written, buffer.format(), encoding), buffer.format(), encoding);
          sinks.put(output.getKey(), sink);
        }
        sink.writer().write(buffer);
      } catch (IOException e) {
        throw RunFiles.cannotWrite("--output", output.getValue(), e);
      }
    }
  }

  /**
   * Closes the outputs begun and deletes their {@code .part} files: a failed run leaves no
   * partial result, and the outputs as they were. A pipe ({@code /dev/stdout}) is only closed.
   */
  private static void abandon(Map<String, Sink> sinks) {
    for (Sink sink : sinks.values()) {
      try {
        sink.writer().close();
      } catch (IOException e) {
        // The run's own error is what the user needs; the file is deleted all the same.
      }
    }
    deleteParts(sinks);
  }

  private static void deleteParts(Map<String, Sink> sinks) {
    for (Sink sink : sinks.values()) {
      try {
        if (!sink.written().equals(sink.target())) {
          Files.deleteIfExists(sink.written());
        }
      } catch (IOException e) {
        // Left as it is: a .part file, which nobody takes for a result.
      }
    }
  }
}
