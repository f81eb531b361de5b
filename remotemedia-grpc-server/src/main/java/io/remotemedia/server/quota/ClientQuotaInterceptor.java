package io.remotemedia.server.quota;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.remotemedia.proto.PipelineServiceGrpc;
import io.remotemedia.server.internal.logging.CallUsage;
import io.remotemedia.server.logging.ClientNameLookup;
import io.remotemedia.server.internal.transport.ResumeAdmission;
import io.remotemedia.server.internal.transport.StatusMapper;
import java.util.function.LongSupplier;

/**
 * Enforces the calling client's quotas on the pipeline service's calls and measures what each
 * call uses (other services, such as health, pass untouched):
 *
 * <ul>
 *   <li>when a call starts, it takes a place among the client's unary calls or open streams,
 *       or is closed at once with RESOURCE_EXHAUSTED (QUOTA_EXCEEDED; a stream at its first
 *       message, below); the place is given back however the call ends (closed with success
 *       or failure, cancelled, past its deadline);
 *   <li>each request message's input audio is charged to the client's bucket before it goes
 *       on to the service; a message the bucket cannot pay for ends the call with
 *       QUOTA_EXCEEDED and its {@code retry_after_ms} (a stream is first ended towards the
 *       service as if the client had cancelled it, so its session frees everything);
 *   <li>the admitted audio and a stream's open time go to the {@link UsageListener} and the
 *       access log's {@link CallUsage}.
 * </ul>
 *
 * <p>Everything runs on the call's own thread, against the client's own state: one client's
 * calls never wait for another's. Register it inside authentication and the access log.
 * Thread-safe.
 *
 * <p>Resumable streams: a resume arrives as a new StreamPipeline call of the same client, so it
 * takes an {@code open_streams} place like any stream, and its chunks are charged like any
 * chunk. A session kept while its client is disconnected holds no place here (its call has
 * ended); the stream registry limits how many a client keeps to its {@code open_streams}
 * ({@code StreamRegistry.limitKeptPerClient}). A client whose connection broke before the
 * server saw it still holds the old call's place when it resumes: so a stream refused when it
 * starts is not closed at once but waits for its first message (at most {@code open_streams}
 * such streams per client). If that is a {@code resume}, the session takes the place once its
 * takeover has ended the old call ({@link ResumeAdmission}); any other message ends the call
 * with the refusal, unless a place has come free meanwhile.
 */
final class ClientQuotaInterceptor implements ServerInterceptor {
  private final ClientQuotas quotas;
  private final ClientNameLookup clientNames;
  private final UsageListener usage;
  private final LongSupplier nanoClock;

  ClientQuotaInterceptor(ClientQuotas quotas, ClientNameLookup clientNames, UsageListener usage,
      LongSupplier nanoClock) {
    this.quotas = quotas;
    this.clientNames = clientNames;
    this.usage = usage;
    this.nanoClock = nanoClock;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(ServerCall<ReqT, RespT> call,
      Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    MethodDescriptor<ReqT, RespT> method = call.getMethodDescriptor();
    if (!PipelineServiceGrpc.SERVICE_NAME.equals(method.getServiceName())) {
      return next.startCall(call, headers);
    }
    String name = clientNames.currentClientName();
    String client = name == null ? ClientNameLookup.ANONYMOUS : name;
    boolean stream = !method.getType().clientSendsOneMessage();
    CallUsage callUsage = CallUsage.current();
    ClientQuotaState state = quotas.forClient(client);
    CallPlace place;
    try {
      place = placeFor(state, stream);
    } catch (QuotaRefusal refusal) {
      record(client, callUsage, refusal);
      StatusRuntimeException status = StatusMapper.toStatusException(refusal.error());
      call.close(status.getStatus(), status.getTrailers());
      return new ServerCall.Listener<>() { };
    }
    MeteredCall<ReqT, RespT> metered = new MeteredCall<>(call, this, client, state, callUsage,
        place, stream);
    ServerCall.Listener<ReqT> listener;
    try {
      listener = place.isAwaited()
          ? Contexts.interceptCall(Context.current().withValue(ResumeAdmission.KEY,
              metered::admit), metered, headers, next)
          : next.startCall(metered, headers);
    } catch (RuntimeException e) {
      // grpc closes such a call with UNKNOWN itself, past this interceptor.
      metered.end();
      throw e;
    }
    return metered.listen(listener);
  }

  /**
   * Takes the call's place; a stream the quota refuses may instead wait for its first message,
   * which may be a resume that takes over a call of the same client.
   */
  private static CallPlace placeFor(ClientQuotaState state, boolean stream) {
    try {
      return CallPlace.taken(state.start(stream));
    } catch (QuotaRefusal refusal) {
      if (!stream) {
        throw refusal;
      }
      return CallPlace.awaited(state, state.awaitStreamPlace(refusal));
    }
  }

  long nowNanos() {
    return nanoClock.getAsLong();
  }

  UsageListener usage() {
    return usage;
  }

  void record(String client, CallUsage callUsage, QuotaRefusal refusal) {
    callUsage.refusedBy(refusal.quota().key());
    usage.refused(client, refusal.quota());
  }
}
