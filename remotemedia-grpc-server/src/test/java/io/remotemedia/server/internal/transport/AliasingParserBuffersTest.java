package io.remotemedia.server.internal.transport;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.grpc.Detachable;
import io.grpc.HasByteBuffer;
import io.grpc.KnownLength;
import io.remotemedia.proto.AudioBuffer;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.SampleFormat;
import io.remotemedia.proto.internal.marshal.AliasingParser;
import io.remotemedia.proto.internal.marshal.NetworkBuffers;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * AliasingParser over a message that arrived in several transport buffers, one of them empty:
 * HTTP/2 allows an empty DATA frame inside a message, and grpc-java keeps it as a buffer of its
 * own, which the parser cannot step over: it reads such a message instead of viewing it.
 */
class AliasingParserBuffersTest {
  private static final AliasingParser<ExecuteRequest> PARSER =
      AliasingParser.of(ExecuteRequest.getDefaultInstance(), ExecuteRequest.class, 100);

  @Test
  void parse_detachingAMessageWithAnEmptyBuffer_givesAnEqualMessage() throws Exception {
    ExecuteRequest request = request();

    AliasingParser.Parsed<ExecuteRequest> parsed =
        PARSER.parse(inBuffersOf(request.toByteArray(), 1001, 0), /* detach= */ true);

    assertThat(parsed.message()).isEqualTo(request);
    assertThat(parsed.buffers()).as("a read message holds no lease on the transport's buffers")
        .isSameAs(NetworkBuffers.NONE);
  }

  @Test
  void parseInPlace_aMessageWithAnEmptyBuffer_givesAnEqualMessage() throws Exception {
    ExecuteRequest request = request();

    ExecuteRequest parsed = PARSER.parseInPlace(
        inBuffersOf(request.toByteArray(), 7, 0, 0, 2000), ExecuteRequest::toBuilder).build();

    assertThat(parsed).isEqualTo(request);
  }

  private static ExecuteRequest request() {
    byte[] samples = new byte[4000];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (byte) (i * 31);
    }
    return ExecuteRequest.newBuilder()
        .putAudioInputs("in", AudioBuffer.newBuilder().setSampleRateHz(8000).setChannels(1)
            .setFormat(SampleFormat.SAMPLE_FORMAT_F32).setFrameCount(1000)
            .setSamples(ByteString.copyFrom(samples)).build())
        .build();
  }

  /** The bytes in buffers of the given sizes, then one of the rest. */
  private static InputStream inBuffersOf(byte[] message, int... sizes) {
    List<ByteBuffer> pieces = new ArrayList<>();
    int from = 0;
    for (int size : sizes) {
      pieces.add(ByteBuffer.wrap(Arrays.copyOfRange(message, from, from + size)));
      from += size;
    }
    pieces.add(ByteBuffer.wrap(Arrays.copyOfRange(message, from, message.length)));
    return new PiecesStream(pieces);
  }

  /**
   * A message stream as grpc-java's transports hand it out: its buffers one at a time
   * ({@link HasByteBuffer}), an empty one among them as it is (as grpc-java 1.85 does with an
   * empty DATA frame), markable, detachable.
   */
  private static final class PiecesStream extends InputStream
      implements KnownLength, HasByteBuffer, Detachable {
    private final List<ByteBuffer> pieces;
    private int piece;
    private int markPiece;
    private int[] markPositions;

    PiecesStream(List<ByteBuffer> pieces) {
      this.pieces = pieces;
    }

    @Override
    public int available() {
      int left = 0;
      for (int i = piece; i < pieces.size(); i++) {
        left += pieces.get(i).remaining();
      }
      return left;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) == 1 ? one[0] & 0xFF : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      int done = 0;
      while (done < length && piece < pieces.size()) {
        ByteBuffer current = pieces.get(piece);
        int step = Math.min(length - done, current.remaining());
        current.get(into, offset + done, step);
        done += step;
        if (!current.hasRemaining()) {
          piece++;
        }
      }
      return done == 0 && length > 0 ? -1 : done;
    }

    @Override
    public long skip(long count) {
      return read(new byte[(int) count], 0, (int) count);
    }

    @Override
    public boolean markSupported() {
      return true;
    }

    @Override
    public void mark(int limit) {
      markPiece = piece;
      markPositions = pieces.stream().mapToInt(ByteBuffer::position).toArray();
    }

    @Override
    public void reset() {
      piece = markPiece;
      for (int i = 0; i < pieces.size(); i++) {
        pieces.get(i).position(markPositions[i]);
      }
    }

    @Override
    public boolean byteBufferSupported() {
      return true;
    }

    @Override
    public ByteBuffer getByteBuffer() {
      return pieces.get(piece).slice();
    }

    @Override
    public InputStream detach() {
      PiecesStream detached = new PiecesStream(pieces);
      detached.piece = piece;
      return detached;
    }

    @Override
    public void close() {
      // Nothing to release: the pieces are heap buffers.
    }
  }
}
