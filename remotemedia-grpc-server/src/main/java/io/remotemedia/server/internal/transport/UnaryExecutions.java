package io.remotemedia.server.internal.transport;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.stub.ServerCallStreamObserver;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.pipeline.BufferMemory;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.ExecutionResult;
import io.remotemedia.pipeline.PipelineException;
import io.remotemedia.pipeline.PipelineRunner;
import io.remotemedia.pipeline.encoding.OutputEncoding;
import io.remotemedia.pipeline.internal.graph.EndpointKeyCheck;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.ExecuteRequest;
import io.remotemedia.proto.ExecuteResponse;
import io.remotemedia.proto.internal.marshal.NetworkBuffers;
import io.remotemedia.proto.internal.marshal.PcmMessage;
import io.remotemedia.proto.internal.wire.EncodingWire;
import io.remotemedia.proto.internal.wire.ExecutionWire;
import io.remotemedia.server.internal.logging.RequestId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs ExecutePipeline calls: decodes the wire request, runs it, and answers with the result or
 * the mapped failure. Small PCM requests ({@link InlineExecution}) run on the transport thread
 * that read them when an execution slot is free at once; everything else, small requests that
 * find every slot taken and those whose planned work is over the bound, run on the worker
 * pool, where the runner's admission decides whether they wait or are refused as BUSY. A
 * cancelled call (client cancel, deadline, disconnect) interrupts its worker, which stops the
 * pipeline within one chunk.
 *
 * <p>Thread-safe. {@link #start} returns once the call is answered or handed to a worker.
 */
final class UnaryExecutions {
  private final PipelineRunner runner;
  private final WorkerPool workers;
  private final ExecutionObserver observer;
  private final InlineExecution inline;
  private final long maxDecodedSamples;
  private final BufferMemory memory;

  UnaryExecutions(PipelineRunner runner, WorkerPool workers, ExecutionObserver observer,
      InlineExecution inline, long maxDecodedSamples, BufferMemory memory) {
    this.runner = runner;
    this.workers = workers;
    this.observer = observer;
    this.inline = inline;
    this.maxDecodedSamples = maxDecodedSamples;
    this.memory = memory;
  }

  /** Starts the call: answers it here, or hands it to a worker. Called on the call's thread. */
  void start(ExecuteRequest request, ServerCallStreamObserver<ExecuteResponse> responses) {
    Call call = new Call(responses, Context.current().getDeadline(), RequestId.current());
    // Both ends of a call give its response's memory back: closed once the transport has
    // written everything, or cancelled (client cancel, deadline, disconnect) with it unread.
    responses.setOnCloseHandler(call::release);
    responses.setOnCancelHandler(() -> {
      call.cancelWork();
      call.release();
    });
    // The message leaves this holder when it is decoded, so that nothing keeps its bytes (as
    // large as the input audio) reachable while the pipeline runs.
    AtomicReference<ExecuteRequest> wire = new AtomicReference<>(request);
    // The request's audio may alias the network's buffers: whoever decodes claims them.
    NetworkBuffers buffers = CallBuffers.current().map(CallBuffers::latest)
        .orElse(NetworkBuffers.NONE);
    if (inline.admits(request)) {
      withRequestId(call, () -> runHere(wire, buffers, call));
    } else {
      submit(call, () -> runOnWorker(wire, buffers, call));
    }
  }

  /**
   * Decodes here, then runs here if a slot is free now and the work is within the bound, or on
   * a worker (decoded) if not.
   */
  private void runHere(AtomicReference<ExecuteRequest> wire, NetworkBuffers buffers, Call call) {
    guarded(call, () -> {
      Optional<Decoded> decoded = claimAndDecode(wire, buffers, call);
      if (decoded.isEmpty()) {
        return;
      }
      Optional<ExecutionResult> result = call.refusedAlone(memory,
          () -> inline.tryExecute(call.withDeadline(decoded.get().request())));
      if (result.isPresent()) {
        respond(call, decoded.get(), result.get());
      } else {
        submit(call, () -> guarded(call, () -> execute(call, decoded.get())));
      }
    });
  }

  private void runOnWorker(AtomicReference<ExecuteRequest> wire, NetworkBuffers buffers,
      Call call) {
    guarded(call, () -> {
      Optional<Decoded> decoded = claimAndDecode(wire, buffers, call);
      if (decoded.isPresent()) {
        execute(call, decoded.get());
      }
    });
  }

  /** Hands {@code work} to a worker; the call's cancellation interrupts it. */
  private void submit(Call call, Runnable work) {
    Future<?> future;
    try {
      // The call's Context travels to the worker, so observers find the call there.
      future = workers.submit(Context.current().wrap(() -> {
        if (!call.responses().isCancelled()) {
          withRequestId(call, work);
        }
      }));
    } catch (RejectedExecutionException stopped) {
      observer.failed(ErrorKind.DRAINING);
      call.responses().onError(
          StatusMapper.toStatusException(PipelineGrpcService.stopping(stopped)));
      return;
    }
    call.handedTo(future);
  }

  /** The request id is in every line logged while this request runs, and only then. */
  private static void withRequestId(Call call, Runnable work) {
    RequestId.runWith(call.requestId(), work);
  }

  /** Runs {@code work}, answering the call with the failure if it throws. */
  private void guarded(Call call, Runnable work) {
    AnsweringFailures.run("ExecutePipeline", call.responses(), call.requestId(),
        observer::failed, work);
  }

  /**
   * Decodes the request and gives the network's buffers back; empty when the call ended before
   * (its bytes went back to Netty then).
   */
  private Optional<Decoded> claimAndDecode(AtomicReference<ExecuteRequest> wire,
      NetworkBuffers buffers, Call call) {
    if (!buffers.claim()) {
      return Optional.empty();
    }
    Decoded decoded;
    try {
      ExecuteRequest request = wire.getAndSet(null);
      // A client whose protocol is not served hears that, not how large its audio is.
      PipelineGrpcService.checkProtocol(request.getClientProtocolVersion());
      long known = DecodedInputMemory.knownBytes(request);
      call.holdRequest(DecodedInputMemory.hold(memory, known, 0), known);
      decoded = decode(request);
      long rest = DecodedInputMemory.decodedBytes(decoded.request().inputs().values()) - known;
      if (rest > 0) {
        call.holdRequest(DecodedInputMemory.hold(memory, rest, known), rest);
      }
    } finally {
      buffers.release();
      InboundRequestBytes.releaseCurrent();
    }
    observer.decoded(decoded.request());
    if (decoded.concealedPackets() > 0) {
      observer.concealedPackets(decoded.concealedPackets());
    }
    return Optional.of(decoded);
  }

  private void execute(Call call, Decoded decoded) {
    respond(call, decoded, call.refusedAlone(memory,
        () -> runner.execute(call.withDeadline(decoded.request()))));
  }

  private void respond(Call call, Decoded decoded, ExecutionResult result) {
    // serialization_ms is the audio's share of the mapping, as the contract defines it: the
    // decoding, and the coding of coded outputs; PCM outputs are encoded as the response is
    // written (PcmResponseMarshaller), after the metrics are sent.
    long encodeStart = System.nanoTime();
    Map<String, io.remotemedia.proto.AudioBuffer> audio =
        ExecutionWire.describedAudioOutputs(result, decoded.outputEncodings());
    double serializationMs = (decoded.audioNanos() + System.nanoTime() - encodeStart) / 1e6;
    PcmMessage<ExecuteResponse> response = ExecutionWire.toPcmMessage(new ExecutionResult(
        result.audioOutputs(), result.dataOutputs(),
        result.metrics().withSerializationMs(serializationMs)), audio,
        decoded.outputEncodings());
    observer.executed(decoded.request(), result);
    // Counted until the transport has written it: a client that does not read keeps it.
    call.holdResponse(memory.hold(response.serializedSize()));
    // The decoded input is garbage from here on; the response now holds what the call keeps.
    call.releaseRequest();
    PcmResponseMarshaller.send(call.responses(), response);
    call.responses().onCompleted();
  }

  /**
   * Decodes, refusing inputs for what is not a source and output encodings for what is not a
   * sink; the message is unreachable once this returns. The keys are checked before any audio
   * is decoded: a wrong key is told as the embedded runner tells it (VALIDATION, the key cut),
   * whatever its audio, and coded audio for no source is not decoded.
   */
  private Decoded decode(ExecuteRequest wire) {
    PipelineManifest manifest = ExecutionWire.manifest(wire);
    EndpointKeyCheck.sources(manifest, "audio_inputs", wire.getAudioInputsMap().keySet());
    Map<String, OutputEncoding> outputEncodings =
        EncodingWire.fromProto(wire.getOutputEncodingsMap());
    EndpointKeyCheck.sinks(manifest, outputEncodings.keySet());
    long start = System.nanoTime();
    Map<String, AudioBuffer> audio = ExecutionWire.audioInputs(wire, maxDecodedSamples);
    long audioNanos = System.nanoTime() - start;
    ExecutionRequest request = ExecutionWire.fromProto(wire, manifest, audio);
    return new Decoded(request, audioNanos, outputEncodings,
        EncodingWire.lostPackets(wire.getAudioInputsMap().values()));
  }

  /** A decoded request, the time its audio took to decode, and how to code its outputs. */
  private record Decoded(ExecutionRequest request, long audioNanos,
      Map<String, OutputEncoding> outputEncodings, long concealedPackets) {}

  /**
   * The call being answered, its deadline (null: none) and its request id; and what its end
   * must undo: the worker's work (until handed over: none), its decoded request's memory (from
   * before decoding until its response is built) and its response's memory (until built, and
   * once given back: none). Thread-safe.
   */
  private static final class Call {
    private final ServerCallStreamObserver<ExecuteResponse> responses;
    private final Deadline deadline;
    private final String requestId;
    private final AtomicReference<Future<?>> work = new AtomicReference<>();
    private final AtomicReference<BufferMemory.Hold> response = new AtomicReference<>();
    private final List<BufferMemory.Hold> request = new ArrayList<>();
    private long requestBytes;
    private boolean requestReleased;

    Call(ServerCallStreamObserver<ExecuteResponse> responses, Deadline deadline,
        String requestId) {
      this.responses = responses;
      this.deadline = deadline;
      this.requestId = requestId;
    }

    ServerCallStreamObserver<ExecuteResponse> responses() {
      return responses;
    }

    String requestId() {
      return requestId;
    }

    /** Keeps the worker's work to cancel; cancels it at once if the call has ended. */
    void handedTo(Future<?> future) {
      work.set(future);
      if (responses.isCancelled()) {
        future.cancel(true);
      }
    }

    /** Interrupts the worker's work, if the call was handed to one. */
    void cancelWork() {
      Future<?> running = work.get();
      if (running != null) {
        running.cancel(true);
      }
    }

    /** Counts the response until {@link #releaseResponse}; at once if the call has ended. */
    void holdResponse(BufferMemory.Hold hold) {
      response.set(hold);
      if (responses.isCancelled()) {
        releaseResponse();
      }
    }

    void releaseResponse() {
      BufferMemory.Hold hold = response.getAndSet(null);
      if (hold != null) {
        hold.close();
      }
    }

    /**
     * Counts the decoded request's {@code bytes}, held by {@code hold}, until {@link
     * #releaseRequest}; at once if already done.
     */
    void holdRequest(BufferMemory.Hold hold, long bytes) {
      synchronized (request) {
        if (!requestReleased) {
          request.add(hold);
          requestBytes += bytes;
          hold = null;
        }
      }
      if (hold != null) {
        hold.close();
      }
      if (responses.isCancelled()) {
        releaseRequest();
      }
    }

    void releaseRequest() {
      synchronized (request) {
        requestReleased = true;
        request.forEach(BufferMemory.Hold::close);
        request.clear();
        requestBytes = 0;
      }
    }

    /**
     * {@return what {@code run} returns} A BUSY it throws for the memory that only this call,
     * with its decoded request, is too large for is thrown as RESOURCE_LIMIT ({@link
     * DecodedInputMemory#alone}).
     */
    <T> T refusedAlone(BufferMemory memory, Supplier<T> run) {
      try {
        return run.get();
      } catch (PipelineException refused) {
        long held;
        synchronized (request) {
          held = requestBytes;
        }
        throw DecodedInputMemory.alone(refused, memory, held);
      }
    }

    /** Gives back all the memory the call counts: at its end. */
    void release() {
      releaseRequest();
      releaseResponse();
    }

    /** Caps the requested timeout by the call's deadline, so work stops when nobody waits. */
    ExecutionRequest withDeadline(ExecutionRequest request) {
      if (deadline == null) {
        return request;
      }
      long remainingMs = Math.max(1, deadline.timeRemaining(TimeUnit.MILLISECONDS));
      return new ExecutionRequest(request.manifest(), request.inputs(),
          request.limits().withTimeoutAtMost(remainingMs));
    }
  }
}
