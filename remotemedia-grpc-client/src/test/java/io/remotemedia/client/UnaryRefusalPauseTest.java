package io.remotemedia.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.Any;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.remotemedia.audio.AudioBuffer;
import io.remotemedia.audio.AudioFormat;
import io.remotemedia.pipeline.ErrorKind;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.manifest.ManifestParser;
import io.remotemedia.pipeline.manifest.PipelineManifest;
import io.remotemedia.proto.Compatibility;
import io.remotemedia.proto.ErrorDetail;
import io.remotemedia.proto.ErrorType;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SDK pauses before it makes a unary call again that a draining server refused unrun with
 * its headers apart from its trailers (as through nginx), as the channel's policy pauses
 * between its own attempts: made again at once, every attempt could go to the replica that
 * refused the first, the only one the round-robin has a connection to yet. One real server on
 * loopback refuses every ExecutePipeline so, and notes when each attempt came.
 */
class UnaryRefusalPauseTest {
  private static final PipelineManifest GAIN = new ManifestParser().parse("""
      {"version": "v1", "nodes": [{"id": "gain", "node_type": "Gain"}]}
      """);

  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  private final CountDownLatch firstArrival = new CountDownLatch(1);
  private volatile boolean closeClientAtFirstRefusal;
  private Server server;
  private RemoteMediaClient client;

  @BeforeEach
  void start() throws Exception {
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
        .addService(ServerInterceptors.intercept(
            new FakePipelineService(Compatibility.COMPATIBILITY_COMPATIBLE, false),
            new RefuseAsDraining()))
        .build().start();
    client = RemoteMediaClient.builder().target("127.0.0.1:" + server.getPort()).build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    client.close();
    server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void execute_refusedAsDrainingEveryTime_pausesBeforeEachAttemptMadeAgain() {
    RemoteMediaException e = catchThrowableOfType(RemoteMediaException.class,
        () -> client.execute(request()));

    assertThat(e.kind()).isEqualTo(ErrorKind.DRAINING);
    assertPausedBetweenAttempts();
  }

  @Test
  void executeAsync_refusedAsDrainingEveryTime_pausesBeforeEachAttemptMadeAgain() {
    CompletionException e = catchThrowableOfType(CompletionException.class,
        () -> client.executeAsync(request()).join());

    assertThat(e.getCause()).isInstanceOfSatisfying(RemoteMediaException.class,
        failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.DRAINING));
    assertPausedBetweenAttempts();
  }

  @Test
  void execute_clientClosedWhileItPausesBeforeTheNextAttempt_failsCancelled() {
    closeClientAtFirstRefusal = true;

    RemoteMediaException e = catchThrowableOfType(RemoteMediaException.class,
        () -> client.execute(request()));

    assertThat(arrivals).as("attempts that reached the server").hasSize(1);
    assertThat(e.code()).isEqualTo(Status.Code.CANCELLED);
    assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(e).hasMessageContaining("RemoteMediaClient.close()");
  }

  /**
   * As an execute of long audio sent as a stream fails (StreamedExecutionRetryTest). grpc-java
   * fails a blocking call itself CANCELLED when its thread is interrupted while it waits for
   * the answer; the pause, which sleeps, is the SDK's to tell.
   */
  @Test
  void execute_interruptedWhileItPausesBeforeTheNextAttempt_failsCancelledKeepingTheFlag()
      throws InterruptedException {
    AtomicReference<RemoteMediaException> failure = new AtomicReference<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      failure.set(catchThrowableOfType(RemoteMediaException.class,
          () -> client.execute(request())));
      flagKept.set(Thread.interrupted());
    }, "test-caller");
    caller.start();
    assertThat(firstArrival.await(10, TimeUnit.SECONDS)).as("the first attempt came").isTrue();
    // After the refusal the caller's thread sleeps in the pause (TIMED_WAITING); before it, it
    // waits for the answer parked without a timeout (WAITING).
    while (caller.getState() != Thread.State.TIMED_WAITING && caller.isAlive()) {
      Thread.onSpinWait();
    }
    caller.interrupt();
    caller.join(TimeUnit.SECONDS.toMillis(10));

    RemoteMediaException e = failure.get();
    assertThat(flagKept).as("the interrupt flag, kept").isTrue();
    assertThat(e.code()).isEqualTo(Status.Code.CANCELLED);
    assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(e).hasMessageStartingWith("interrupted while pausing before attempt 2 of the"
        + " call; attempt 1 had failed: ");
    assertThat(e.getCause()).isInstanceOfSatisfying(RemoteMediaException.class,
        refused -> assertThat(refused.kind()).isEqualTo(ErrorKind.DRAINING));
    assertThat(arrivals).as("attempts that reached the server").hasSize(1);
  }

  @Test
  void executeAsync_clientClosedWhileItPausesBeforeTheNextAttempt_failsCancelled() {
    closeClientAtFirstRefusal = true;

    CompletionException e = catchThrowableOfType(CompletionException.class,
        () -> client.executeAsync(request()).orTimeout(10, TimeUnit.SECONDS).join());

    assertThat(arrivals).as("attempts that reached the server").hasSize(1);
    assertThat(e.getCause()).isInstanceOfSatisfying(RemoteMediaException.class, failure -> {
      assertThat(failure.code()).isEqualTo(Status.Code.CANCELLED);
      assertThat(failure.kind()).isEqualTo(ErrorKind.CANCELLED);
      assertThat(failure).hasMessageContaining("RemoteMediaClient.close()");
    });
  }

  /**
   * A caller's channel that throws as an attempt starts (here its n-th ExecutePipeline): the
   * call fails with what it threw, rather than never completing.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 2})
  void executeAsync_callersChannelThrowsAsAnAttemptStarts_failsWithWhatItThrew(int throwingCall)
      throws InterruptedException {
    ManagedChannel real = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort())
        .usePlaintext().build();
    IllegalStateException thrown = new IllegalStateException("test channel: no new call");
    AtomicInteger executes = new AtomicInteger();
    Channel throwing = new Channel() {
      @Override
      public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        if (method.getBareMethodName().equals("ExecutePipeline")
            && executes.incrementAndGet() == throwingCall) {
          throw thrown;
        }
        return real.newCall(method, options);
      }

      @Override
      public String authority() {
        return real.authority();
      }
    };
    try {
      CompletionException e = catchThrowableOfType(CompletionException.class,
          () -> RemoteMediaClient.forChannel(throwing).executeAsync(request())
              .orTimeout(10, TimeUnit.SECONDS).join());

      assertThat(e.getCause()).isSameAs(thrown);
      assertThat(arrivals).as("attempts that reached the server").hasSize(throwingCall - 1);
    } finally {
      real.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * The attempt after the pause starts on an SDK thread, which holds nothing of the application
   * whose thread made the call (see {@link SdkThreadFactory}), not on a thread of the JDK's
   * that would.
   */
  @Test
  void executeAsync_refusedAsDraining_makesTheNextAttemptOnAnSdkThread() throws Exception {
    ManagedChannel real = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort())
        .usePlaintext().build();
    ApplicationThread application = new ApplicationThread();
    Runnable probe = application.probe();
    AtomicInteger executes = new AtomicInteger();
    AtomicReference<String> secondAttemptThread = new AtomicReference<>();
    Channel probing = new Channel() {
      @Override
      public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        if (method.getBareMethodName().equals("ExecutePipeline")
            && executes.incrementAndGet() == 2) {
          secondAttemptThread.set(Thread.currentThread().getName());
          probe.run();
        }
        return real.newCall(method, options);
      }

      @Override
      public String authority() {
        return real.authority();
      }
    };
    try {
      AtomicReference<CompletableFuture<?>> call = new AtomicReference<>();
      application.run(() -> call.set(RemoteMediaClient.forChannel(probing)
          .executeAsync(request())));

      assertThat(catchThrowableOfType(CompletionException.class,
          () -> call.get().orTimeout(10, TimeUnit.SECONDS).join()).getCause())
          .isInstanceOfSatisfying(RemoteMediaException.class,
              failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.DRAINING));
      application.assertProbeRanWithNothingOfTheApplication();
      assertThat(secondAttemptThread.get()).startsWith("remotemedia-call-attempt-");
    } finally {
      real.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  /**
   * A caller's channel that blocks as the attempt after the pause starts holds back no task of
   * the SDK's timer, which every resumable session's deadline and resume attempts share.
   */
  @Test
  void executeAsync_callersChannelBlocksAsTheNextAttemptStarts_theSdksTimerRunsOn()
      throws Exception {
    ManagedChannel real = ManagedChannelBuilder.forAddress("127.0.0.1", server.getPort())
        .usePlaintext().build();
    CountDownLatch secondAttemptStarting = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger executes = new AtomicInteger();
    Channel blocking = new Channel() {
      @Override
      public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
        if (method.getBareMethodName().equals("ExecutePipeline")
            && executes.incrementAndGet() == 2) {
          secondAttemptStarting.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return real.newCall(method, options);
      }

      @Override
      public String authority() {
        return real.authority();
      }
    };
    try {
      CompletableFuture<?> call = RemoteMediaClient.forChannel(blocking).executeAsync(request());
      assertThat(secondAttemptStarting.await(10, TimeUnit.SECONDS)).isTrue();
      CountDownLatch timerRan = new CountDownLatch(1);
      SdkTimer.schedule(timerRan::countDown, 0);

      assertThat(timerRan.await(5, TimeUnit.SECONDS))
          .as("a task of the SDK's timer, due while the attempt blocks").isTrue();
      release.countDown();
      assertThat(catchThrowableOfType(CompletionException.class,
          () -> call.orTimeout(10, TimeUnit.SECONDS).join()).getCause())
          .isInstanceOfSatisfying(RemoteMediaException.class,
              failure -> assertThat(failure.kind()).isEqualTo(ErrorKind.DRAINING));
    } finally {
      release.countDown();
      real.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void assertPausedBetweenAttempts() {
    assertThat(arrivals).as("attempts that reached the server")
        .hasSize(1 + CutCallRetry.EXTRA_ATTEMPTS);
    for (int attempt = 2; attempt <= arrivals.size(); attempt++) {
      long gapMs = TimeUnit.NANOSECONDS.toMillis(
          arrivals.get(attempt - 1) - arrivals.get(attempt - 2));
      assertThat(gapMs).as("ms between attempt %d and the one before", attempt)
          .isGreaterThanOrEqualTo(AttemptPause.boundMs(attempt) / 2);
    }
  }

  private static ExecutionRequest request() {
    return ExecutionRequest.of(GAIN, "gain", AudioBuffer.of(AudioFormat.f32(8000, 1),
        new float[800]));
  }

  /** Answers every ExecutePipeline as a draining server that had none of its request. */
  private final class RefuseAsDraining implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
      if (!call.getMethodDescriptor().getBareMethodName().equals("ExecutePipeline")) {
        return next.startCall(call, headers);
      }
      arrivals.add(System.nanoTime());
      firstArrival.countDown();
      if (closeClientAtFirstRefusal && arrivals.size() == 1) {
        ClientCloseInBackground.start(client);
      }
      StatusRuntimeException drained = StatusProto.toStatusRuntimeException(
          com.google.rpc.Status.newBuilder()
              .setCode(Status.Code.UNAVAILABLE.value())
              .setMessage("the server is shutting down, and none of this call's request had"
                  + " come; send it again, to another replica if there is one")
              .addDetails(Any.pack(ErrorDetail.newBuilder()
                  .setType(ErrorType.ERROR_TYPE_DRAINING).build()))
              .build());
      call.sendHeaders(new Metadata());
      call.close(drained.getStatus(), drained.getTrailers());
      return new ServerCall.Listener<>() { };
    }
  }
}
