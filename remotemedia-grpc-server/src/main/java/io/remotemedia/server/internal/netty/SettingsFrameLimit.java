package io.remotemedia.server.internal.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.netty.handler.codec.http2.Http2Settings;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Closes a connection with GOAWAY {@code ENHANCE_YOUR_CALM} when its client sends more than
 * {@link #MAX_PER_WINDOW} SETTINGS frames (not acknowledgements) within {@link
 * #WINDOW_SECONDS} s.
 *
 * <p>Each such frame costs its client 9 bytes, and the server the frame's settings applied and
 * an acknowledgement written: about 1.7 µs of CPU, without end for a client that reads the
 * acknowledgements (one that does not is stopped by grpc's limit of 10,000 unsent control
 * frames). A client sends one when the connection opens, and one each time its flow-control
 * window grows with its measure of the link: grpc-java from 1 MiB to at most 8 MiB, grpc-go
 * from 64 KiB to at most 16 MiB, doubling each time, so at most about ten in a connection's
 * first seconds. 100 in 10 s is ten times that; at that rate a connection costs the server
 * 17 µs of CPU a second. The window starts at the first frame counted and a new one at the
 * first frame after it has passed, as grpc counts resets. One instance per connection; runs on
 * its event loop.
 */
final class SettingsFrameLimit extends Http2FrameListenerDecorator {
  /** The most SETTINGS frames a client may send within one window. */
  static final int MAX_PER_WINDOW = 100;
  /** The window the frames are counted in, in seconds. */
  static final long WINDOW_SECONDS = 10;
  private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);
  private final LongSupplier nanoClock;
  private long windowStart;
  private int inWindow;

  SettingsFrameLimit(Http2FrameListener next, LongSupplier nanoClock) {
    super(next);
    this.nanoClock = nanoClock;
  }

  @Override
  public void onSettingsRead(ChannelHandlerContext ctx, Http2Settings settings)
      throws Http2Exception {
    long now = nanoClock.getAsLong();
    if (inWindow == 0 || now - windowStart > WINDOW_NANOS) {
      windowStart = now;
      inWindow = 1;
    } else if (++inWindow == MAX_PER_WINDOW + 1) {
      // Once: the frames after it in the same read still come here while the connection
      // closes, and one GOAWAY is enough.
      throw Http2Exception.connectionError(Http2Error.ENHANCE_YOUR_CALM,
          "%d SETTINGS frames within %d s, more than the limit of %d", inWindow,
          WINDOW_SECONDS, MAX_PER_WINDOW);
    }
    super.onSettingsRead(ctx, settings);
  }
}
