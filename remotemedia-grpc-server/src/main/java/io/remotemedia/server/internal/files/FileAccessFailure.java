package io.remotemedia.server.internal.files;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Words why a file could not be read or written. NIO's file exceptions carry only the path in their
 * message ({@code java.nio.file.NoSuchFileException: /etc/x.pem}), which says nothing to a user
 * who already sees the path; this names the reason instead: "not found", "permission denied",
 * "Is a directory".
 *
 * <pre>{@code
 * throw new IOException("--tls-ca " + file + ": cannot read it: " + FileAccessFailure.reason(e));
 * }</pre>
 */
public final class FileAccessFailure {
  private FileAccessFailure() {}

  /**
   * {@return the reason in a few words, without the path or the exception's class name when
   * the exception says more}
   *
   * @param e the failure of reading or writing a file
   */
  public static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "not found";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof CharacterCodingException) {
      return "not UTF-8 text (a binary file?)";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
