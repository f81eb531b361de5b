package io.remotemedia.bench.codec;

import io.grpc.ClientStreamTracer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The serialized size of every message of one call, in each direction, as gRPC reports it to
 * a {@link ClientStreamTracer}: the protobuf bytes after compression (none here), without
 * gRPC's 5-byte message prefix, HTTP/2 frame headers or TCP/IP headers. Messages are kept in
 * the order gRPC framed or read them.
 *
 * <p>Thread-safe: gRPC calls the outbound methods on the sending thread and the inbound ones
 * on its transport threads.
 */
final class MessageSizes extends ClientStreamTracer {
  private final List<Long> outbound = new CopyOnWriteArrayList<>();
  private final List<Long> inbound = new CopyOnWriteArrayList<>();

  @Override
  public void outboundMessageSent(int seqNo, long optionalWireSize,
      long optionalUncompressedSize) {
    outbound.add(known(optionalWireSize, "outbound", seqNo));
  }

  @Override
  public void inboundMessageRead(int seqNo, long optionalWireSize,
      long optionalUncompressedSize) {
    inbound.add(known(optionalWireSize, "inbound", seqNo));
  }

  private static long known(long wireSize, String direction, int seqNo) {
    if (wireSize < 0) {
      // gRPC reports -1 where it does not know the size; a count that guessed would be wrong.
      throw new IllegalStateException("gRPC did not report the wire size of " + direction
          + " message " + seqNo);
    }
    return wireSize;
  }

  /** {@return the sizes of the messages the client sent, in bytes, in order} */
  List<Long> outbound() {
    return List.copyOf(outbound);
  }

  /** {@return the sizes of the messages the client received, in bytes, in order} */
  List<Long> inbound() {
    return List.copyOf(inbound);
  }
}
