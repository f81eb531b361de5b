package io.remotemedia.server.internal.logging;

import java.util.Map;
import org.apache.logging.log4j.message.MapMessage;

/**
 * A log message with a short human text and fields that the JSON layout writes as separate
 * keys (its {@code map} resolver), for example:
 *
 * <pre>{@code
 * log.info(StructuredMessage.of("server.listening", "listening on 127.0.0.1:50051")
 *     .with("port", 50051));
 * }</pre>
 *
 * <p>The {@code event} field names what happened, so lines can be filtered without parsing
 * text. Not thread-safe until logged; do not change it after logging.
 */
public final class StructuredMessage extends MapMessage<StructuredMessage, Object> {
  private static final long serialVersionUID = 1L;

  /** The human-readable message. */
  private final String text;

  private StructuredMessage(String text, Map<String, Object> fields) {
    super(fields);
    this.text = text;
  }

  /**
   * Starts a message for {@code event}, logged with {@code text} as its message.
   *
   * @param event the event name, such as {@code drain.done}, logged as the {@code event} field
   * @param text the message for a person to read
   * @return the message, to which {@link #with} adds fields
   */
  public static StructuredMessage of(String event, String text) {
    return new StructuredMessage(text, Map.of()).with("event", event);
  }

  @Override
  public String getFormattedMessage() {
    return text;
  }

  @Override
  public void formatTo(StringBuilder buffer) {
    buffer.append(text);
  }

  @Override
  public String getFormat() {
    return text;
  }

  @Override
  public StructuredMessage newInstance(Map<String, Object> map) {
    return new StructuredMessage(text, map);
  }
}
