package io.remotemedia.bench.load;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.remotemedia.bench.echo.EchoService;
import io.remotemedia.client.RemoteMediaClient;
import io.remotemedia.client.RemoteMediaException;
import io.remotemedia.pipeline.ExecutionMetrics;
import io.remotemedia.pipeline.ExecutionRequest;
import io.remotemedia.pipeline.LocalPipelineRunner;
import io.remotemedia.pipeline.PipelineException;
import java.util.concurrent.TimeUnit;

/** The unary calls of each {@link Via}. */
final class UnaryCalls {
  private UnaryCalls() {}

  /** ExecutePipeline on the server behind {@code client}. */
  static UnaryCall remote(RemoteMediaClient client, ExecutionRequest request) {
    return () -> {
      try {
        ExecutionMetrics metrics = client.execute(request).metrics();
        return new CallOutcome(null, metrics.wallMs(), metrics.serializationMs());
      } catch (RemoteMediaException e) {
        return CallOutcome.failed(e.code().name());
      }
    };
  }

  /** The same pipeline in this process. */
  static UnaryCall local(LocalPipelineRunner runner, ExecutionRequest request) {
    return () -> {
      try {
        ExecutionMetrics metrics = runner.execute(request).metrics();
        return new CallOutcome(null, metrics.wallMs(), 0);
      } catch (PipelineException e) {
        return CallOutcome.failed(e.kind().name());
      }
    };
  }

  /** The echo floor: a request and a response of the given serialized sizes. */
  static UnaryCall echo(Channel channel, int requestBytes, int responseBytes) {
    byte[] request = EchoService.request(requestBytes, responseBytes);
    return () -> {
      try {
        ClientCalls.blockingUnaryCall(channel, EchoService.METHOD,
            CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), request);
        return CallOutcome.OK;
      } catch (StatusRuntimeException e) {
        return CallOutcome.failed(e.getStatus().getCode().name());
      }
    };
  }

  /** GetVersion: the smallest call the server answers. */
  static UnaryCall version(RemoteMediaClient client) {
    return () -> {
      try {
        client.serverInfo();
        return CallOutcome.OK;
      } catch (RemoteMediaException e) {
        return CallOutcome.failed(e.code().name());
      }
    };
  }
}
