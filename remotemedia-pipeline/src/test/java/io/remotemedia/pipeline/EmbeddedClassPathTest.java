package io.remotemedia.pipeline;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The embedded library runs with no gRPC jar: this module's test class path is exactly what an
 * embedding application gets, and every test here runs on it. (The enforcer's
 * bannedDependencies rule in this module's pom fails the build before tests if an arrow to
 * io.grpc ever appears; this test catches a jar arriving any other way.)
 */
class EmbeddedClassPathTest {

  @Test
  void classPath_hasNoGrpc() {
    assertThatThrownBy(() -> Class.forName("io.grpc.Channel"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("io.grpc.stub.StreamObserver"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
