package io.remotemedia.client;

import io.remotemedia.pipeline.StreamResult;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The blocking iterator over a {@link RemoteStreamSession}'s results: {@code hasNext()} waits
 * for the next result, returns false after the last one, and throws the session's {@link
 * RemoteMediaException} if it failed. Each {@code next()} lets the server send one more result.
 * For one consumer thread.
 */
final class ResultIterator implements Iterator<StreamResult> {
  private final ResultDelivery results;

  ResultIterator(ResultDelivery results) {
    this.results = results;
  }

  @Override
  public boolean hasNext() {
    return results.awaitHead() != ResultDelivery.END;
  }

  @Override
  public StreamResult next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the stream has ended");
    }
    StreamResult result = (StreamResult) results.pollFor(1);
    results.resultTaken();
    return result;
  }
}
