package io.remotemedia.server.internal.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2FrameListener;
import io.netty.handler.codec.http2.Http2FrameListenerDecorator;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2LocalFlowController;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.util.AsciiString;
import io.remotemedia.proto.PipelineServiceGrpc;

/**
 * Gives each unary ExecutePipeline call an HTTP/2 receive window of {@link #WINDOW_BYTES}, and
 * the connection as much, while every other call keeps the window the server sets for all
 * ({@code server.flow_control_window_bytes}, 512 KiB by default).
 *
 * <p>A 10 s request of 44.1 kHz float samples is 1.76 MB: in a 512 KiB window its client
 * waits on the server's window updates, and the server's event loop spent about 0.2 ms more
 * per call in the flushes that carry them; a bare grpc-java service answered such calls up to
 * 1.75 ms sooner at p50 until the server's window was raised (docs/performance.md, "Checked in
 * the thirty-fourth stop"). A unary request's bytes need no window to bound them: grpc hands them
 * to the call's deframer as they come, which gives them back to the window, and they are
 * bounded by the message size limit and, until decoded, by {@code
 * server.max_request_bytes_in_transit}, which refuses a request as BUSY. A stream's window is
 * what bounds the chunks its client may send ahead of what the server has read, and each open
 * stream reserves it in the memory bound, so streams keep theirs. The connection's larger
 * window lets a stream send nothing past its own.
 *
 * <p>Only when the configured window is at most half of {@link #WINDOW_BYTES} (the default is):
 * Netty sends a window update once a window's unused part is at most half of it, so from a
 * larger window the growth would wait for the client's data to be announced, and such a window
 * is large already. The growth is counted from the configured window, which grpc has given the
 * connection before this is built, not from the window in force for new streams: until the
 * client acknowledges the server's SETTINGS that is HTTP/2's 65,535 bytes, and Netty then adds
 * the difference to every open stream, the grown one too.
 *
 * <p>One instance per connection; runs on its event loop.
 */
final class UnaryRequestWindow extends Http2FrameListenerDecorator {
  /** The receive window of a unary ExecutePipeline call and of each connection, in bytes. */
  static final int WINDOW_BYTES = 4 * 1024 * 1024;
  private static final AsciiString EXECUTE_PATH = AsciiString.of(
      "/" + PipelineServiceGrpc.getExecutePipelineMethod().getFullMethodName());

  private final Http2Connection connection;
  private final Http2LocalFlowController flowController;
  private final int growth;

  private UnaryRequestWindow(Http2FrameListener next, Http2Connection connection,
      Http2LocalFlowController flowController, int growth) {
    super(next);
    this.connection = connection;
    this.flowController = flowController;
    this.growth = growth;
  }

  /**
   * Grows the connection's window to {@link #WINDOW_BYTES} (the update leaves with the frames
   * of the connection's first read, the client's preface, at the latest) and returns the
   * listener that grows unary calls' windows, in front of {@code next}; or returns {@code next}
   * when the configured window is more than half of {@link #WINDOW_BYTES}. Call it once grpc
   * has set the connection's window, which it sets to the configured per-call window.
   */
  static Http2FrameListener growing(Http2FrameListener next, Http2Connection connection,
      Http2LocalFlowController flowController) {
    Http2Stream connectionStream = connection.connectionStream();
    int configured = flowController.initialWindowSize(connectionStream);
    if (configured > WINDOW_BYTES / 2) {
      return next;
    }
    int growth = WINDOW_BYTES - configured;
    try {
      flowController.incrementWindowSize(connectionStream, growth);
    } catch (Http2Exception e) {
      // Only a window past 2^31 - 1 fails, and this one ends at WINDOW_BYTES.
      throw new IllegalStateException("the connection's receive window did not grow", e);
    }
    return new UnaryRequestWindow(next, connection, flowController, growth);
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers,
      int padding, boolean endOfStream) throws Http2Exception {
    growIfUnary(streamId, headers, endOfStream);
    super.onHeadersRead(ctx, streamId, headers, padding, endOfStream);
  }

  @Override
  public void onHeadersRead(ChannelHandlerContext ctx, int streamId, Http2Headers headers,
      int streamDependency, short weight, boolean exclusive, int padding, boolean endOfStream)
      throws Http2Exception {
    growIfUnary(streamId, headers, endOfStream);
    super.onHeadersRead(ctx, streamId, headers, streamDependency, weight, exclusive, padding,
        endOfStream);
  }

  // Before grpc hears of the call, so that the window update leaves with the frames its
  // headers cause (grpc writes them when the read ends). Trailers and calls without a body
  // are not grown: their stream is no longer open to data.
  private void growIfUnary(int streamId, Http2Headers headers, boolean endOfStream)
      throws Http2Exception {
    if (endOfStream || !EXECUTE_PATH.contentEquals(headers.path())) {
      return;
    }
    Http2Stream stream = connection.stream(streamId);
    if (stream != null && stream.state() == Http2Stream.State.OPEN) {
      flowController.incrementWindowSize(stream, growth);
    }
  }
}
