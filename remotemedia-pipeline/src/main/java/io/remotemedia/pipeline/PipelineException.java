package io.remotemedia.pipeline;

import io.remotemedia.pipeline.manifest.ManifestLocation;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A pipeline failure, local or remote. It carries what a caller needs to act on it: its
 * {@link ErrorKind}, the failing node, the place in the manifest, the limit that was passed,
 * and a retry hint.
 *
 * <pre>{@code
 * try {
 *   runner.execute(request);
 * } catch (PipelineException e) {
 *   if (e.kind() == ErrorKind.VALIDATION) {
 *     // The message leads with the place: "nodes[0].params.gain_db (line 3, column 48): ..."
 *     System.err.println(e.getMessage());
 *     e.nodeId().ifPresent(node -> System.err.println("in node " + node));
 *   }
 * }
 * }</pre>
 */
public class PipelineException extends RuntimeException {
  /** What failed; see {@link #kind()}. */
  private final ErrorKind kind;
  /** The failing node's id, or null; see {@link #nodeId()}. */
  private final String nodeId;
  /** The place in the manifest, or null; see {@link #location()}. */
  private final ManifestLocation location;
  /** The limit that was passed, or null; see {@link #limit()}. */
  private final LimitViolation limit;
  /** The retry hint in ms, 0 for none; see {@link #retryAfterMs()}. */
  private final long retryAfterMs;
  /** Further context, immutable; see {@link #context()}. */
  private final Map<String, String> context;

  /**
   * For subclasses that add transport facts (the client SDK's exception).
   *
   * @param builder the kind, message, cause and the other facts; read once, not kept
   */
  protected PipelineException(Builder builder) {
    super(builder.message, builder.cause);
    this.kind = builder.kind;
    this.nodeId = builder.nodeId;
    this.location = builder.location;
    this.limit = builder.limit;
    this.retryAfterMs = builder.retryAfterMs;
    this.context = Map.copyOf(builder.context);
  }

  /**
   * Creates an exception of a kind with a message.
   *
   * @param kind what failed; not null
   * @param message what went wrong, for a person to read
   * @return the exception, to be thrown by the caller
   */
  public static PipelineException of(ErrorKind kind, String message) {
    return builder(kind, message).build();
  }

  /**
   * Creates a validation failure at {@code location}. The message leads with the location:
   * {@code "nodes[2].params.gain_db (line 7, column 20): expected a number, found \"loud\""}.
   *
   * @param location the offending value's place in the manifest
   * @param problem what is wrong there, such as {@code expected a number, found "loud"}
   * @return the exception, of kind {@link ErrorKind#VALIDATION}, to be thrown by the caller
   */
  public static PipelineException invalidManifest(ManifestLocation location, String problem) {
    return builder(ErrorKind.VALIDATION, location.describe() + ": " + problem)
        .location(location)
        .build();
  }

  /**
   * Starts an exception of {@code kind} whose message names the problem.
   *
   * @param kind what failed; not null
   * @param message what went wrong, for a person to read
   * @return a builder for the optional facts: node, location, limit, retry hint, context, cause
   */
  public static Builder builder(ErrorKind kind, String message) {
    return new Builder(kind, message);
  }

  /** {@return the kind of failure} */
  public ErrorKind kind() {
    return kind;
  }

  /** {@return the failing node's id, when one node is at fault} */
  public Optional<String> nodeId() {
    return Optional.ofNullable(nodeId);
  }

  /** {@return the place in the manifest, for validation failures} */
  public Optional<ManifestLocation> location() {
    return Optional.ofNullable(location);
  }

  /** {@return the limit and the actual value, for resource-limit failures} */
  public Optional<LimitViolation> limit() {
    return Optional.ofNullable(limit);
  }

  /** {@return how long to wait before a retry, in ms; 0 when there is no hint} */
  public long retryAfterMs() {
    return retryAfterMs;
  }

  /** {@return further context, for example {@code expected -> "a number"}} Immutable. */
  public Map<String, String> context() {
    return context;
  }

  /** Builds a {@link PipelineException}; see {@link PipelineException#builder}. */
  public static final class Builder {
    private final ErrorKind kind;
    private final String message;
    private Throwable cause;
    private String nodeId;
    private ManifestLocation location;
    private LimitViolation limit;
    private long retryAfterMs;
    private Map<String, String> context = Map.of();

    private Builder(ErrorKind kind, String message) {
      this.kind = Objects.requireNonNull(kind, "kind");
      this.message = Objects.requireNonNull(message, "message");
    }

    /**
     * Sets the underlying failure, kept as {@link Throwable#getCause()}.
     *
     * @param cause the failure that caused this one, or null for none
     * @return this builder
     */
    public Builder cause(Throwable cause) {
      this.cause = cause;
      return this;
    }

    /**
     * Sets the id of the manifest node that failed.
     *
     * @param nodeId the node id as written in the manifest, or null when no node is at fault
     * @return this builder
     */
    public Builder nodeId(String nodeId) {
      this.nodeId = nodeId;
      return this;
    }

    /**
     * Sets the place in the manifest the failure points at (path, line and column).
     *
     * @param location where in the manifest, or null when the failure has no manifest location
     * @return this builder
     */
    public Builder location(ManifestLocation location) {
      this.location = location;
      return this;
    }

    /**
     * Sets the limit that was passed, with its configured and actual values.
     *
     * @param limit the limit violation, or null when no limit was passed
     * @return this builder
     */
    public Builder limit(LimitViolation limit) {
      this.limit = limit;
      return this;
    }

    /**
     * Sets how long a caller should wait before retrying, in milliseconds.
     *
     * @param retryAfterMs the wait in milliseconds; 0 means no hint
     * @return this builder
     * @throws IllegalArgumentException if {@code retryAfterMs} is negative
     */
    public Builder retryAfterMs(long retryAfterMs) {
      if (retryAfterMs < 0) {
        throw new IllegalArgumentException("retryAfterMs must be >= 0, was " + retryAfterMs);
      }
      this.retryAfterMs = retryAfterMs;
      return this;
    }

    /**
     * Sets extra facts about the failure, as key-value text (copied when the exception is built).
     *
     * @param context the facts; not null, may be empty
     * @return this builder
     * @throws NullPointerException if {@code context} is null
     */
    public Builder context(Map<String, String> context) {
      this.context = Objects.requireNonNull(context, "context");
      return this;
    }

    /**
     * Builds the exception.
     *
     * @return a new exception with the facts set on this builder
     */
    public PipelineException build() {
      return new PipelineException(this);
    }
  }
}
