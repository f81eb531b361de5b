package io.remotemedia.pipeline.manifest;

import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.parser.Parser;

/**
 * A parser that passes another's events on, for a subclass to check each one in
 * {@link #getEvent}, where snakeyaml's composer takes it. Not thread-safe.
 */
abstract class ForwardingParser implements Parser {
  private final Parser parser;

  ForwardingParser(Parser parser) {
    this.parser = parser;
  }

  @Override
  public boolean checkEvent(Event.ID choice) {
    return parser.checkEvent(choice);
  }

  @Override
  public Event peekEvent() {
    return parser.peekEvent();
  }

  @Override
  public Event getEvent() {
    return parser.getEvent();
  }
}
