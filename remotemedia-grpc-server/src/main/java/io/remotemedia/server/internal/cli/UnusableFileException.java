package io.remotemedia.server.internal.cli;

/**
 * A file named on the command line that {@code run} or {@code call} cannot use: not found, not
 * WAV, or not writable. The message is the whole line for the user: the option, the path, the
 * problem and what to do.
 */
final class UnusableFileException extends Exception {
  UnusableFileException(String message) {
    super(message);
  }

  UnusableFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
