package io.remotemedia.server.config;

import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.remotemedia.pipeline.internal.ClosestMatch;
import io.remotemedia.proto.PipelineServiceGrpc;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The full names of the gRPC methods the server serves ({@code
 * grpc.health.v1.Health/Check}, ...), so that a misspelt {@code auth.exempt_methods} entry is
 * refused instead of silently exempting nothing.
 */
final class ServedMethods {
  private ServedMethods() {}

  /**
   * Reads {@code auth.exempt_methods}, each of which must be a method the server serves.
   *
   * @param defaults the methods exempt when the setting is not given
   */
  static Set<String> readExempt(ConfigReader reader, List<String> defaults) {
    List<String> methods = reader.list("auth.exempt_methods", defaults);
    Set<String> served = all();
    for (String method : methods) {
      if (!served.contains(method)) {
        reader.problem("auth.exempt_methods", "\"" + method
            + "\" is not a method this server serves" + ClosestMatch.hint(method, served)
            + "; give full names such as grpc.health.v1.Health/Check");
      }
    }
    return Set.copyOf(methods);
  }

  /**
   * {@return the methods RemoteMediaServer serves} HealthAndReflectionTest checks that every
   * method the running server lists through reflection is here.
   */
  @SuppressWarnings("deprecation") // v1alpha reflection is deprecated upstream, and served.
  static Set<String> all() {
    Set<String> names = new TreeSet<>();
    Stream.of(PipelineServiceGrpc.getServiceDescriptor(), HealthGrpc.getServiceDescriptor(),
            ServerReflectionGrpc.getServiceDescriptor(),
            io.grpc.reflection.v1alpha.ServerReflectionGrpc.getServiceDescriptor())
        .map(ServiceDescriptor::getMethods)
        .flatMap(methods -> methods.stream().map(MethodDescriptor::getFullMethodName))
        .forEach(names::add);
    return names;
  }
}
