package io.remotemedia.server.internal.health;

import io.grpc.BindableService;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import java.util.List;

/**
 * What {@code grpc.health.v1.Health} answers: SERVING for the server (the empty service name)
 * and for each named service while the server serves, NOT_SERVING for all of them, for good,
 * once it drains. Thread-safe.
 *
 * <pre>{@code
 * ServingHealth health = new ServingHealth(List.of("remotemedia.v1.PipelineService"));
 * builder.addService(health.service());
 * health.serving();   // after start
 * health.draining();  // first step of a graceful shutdown
 * }</pre>
 */
public final class ServingHealth {
  private final HealthStatusManager manager = new HealthStatusManager();
  private final List<String> serviceNames;
  private final Object lock = new Object();
  private boolean draining; // guarded by lock
  private volatile boolean serving;

  /** @param serviceNames fully qualified names of the services to report on */
  public ServingHealth(List<String> serviceNames) {
    this.serviceNames = List.copyOf(serviceNames);
    // Until start() says otherwise, nothing is served.
    setAll(ServingStatus.NOT_SERVING);
  }

  /** {@return the gRPC health service to register} */
  public BindableService service() {
    return manager.getHealthService();
  }

  /** Reports SERVING for the server and every service, unless it already drains. */
  public void serving() {
    synchronized (lock) {
      if (!draining) {
        setAll(ServingStatus.SERVING);
        serving = true;
      }
    }
  }

  /** {@return whether the server reports SERVING now: started and not draining} */
  public boolean isServing() {
    return serving;
  }

  /**
   * Reports NOT_SERVING for the server and every service, and ignores later changes. Calling it
   * again does nothing.
   */
  public void draining() {
    synchronized (lock) {
      if (!draining) {
        draining = true;
        serving = false;
        manager.enterTerminalState();
      }
    }
  }

  private void setAll(ServingStatus status) {
    manager.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
    serviceNames.forEach(name -> manager.setStatus(name, status));
  }
}
