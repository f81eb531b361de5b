package io.remotemedia.audio.node;

/**
 * A node that clips samples to a range and counts how many it clipped. Executors read the count
 * after a stream and report it (as the {@code clipped_samples} node counter).
 *
 * <pre>{@code
 * if (node instanceof ClipCountingNode counting) {
 *   long clipped = counting.clippedSamples();
 * }
 * }</pre>
 *
 * <p>Same threading as {@link AudioNode}: read the count from the thread that drives the node,
 * or after its calls (happens-before).
 */
public interface ClipCountingNode extends AudioNode {
  /**
   * {@return the number of samples clipped since the last {@link #configure}; {@link #reset}
   * and {@link #flush} keep it}
   */
  long clippedSamples();
}
