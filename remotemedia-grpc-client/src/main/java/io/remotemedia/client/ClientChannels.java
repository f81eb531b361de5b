package io.remotemedia.client;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.NettyChannelBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Builds the channel of a {@link RemoteMediaClient.Builder}: transport, security, scale-out. */
final class ClientChannels {
  private ClientChannels() {}

  /**
   * What the channel is built from.
   *
   * @param target a gRPC target, or null when {@code addresses} is given
   * @param addresses a static list of replicas, or null
   * @param executor the channel's callback executor, or null for grpc-java's default
   */
  record Settings(String target, List<StaticAddressNameResolverProvider.HostPort> addresses,
      ChannelCredentials credentials, int maxInboundMessageBytes, Duration keepAliveTime,
      Duration keepAliveTimeout, int streamAboveBytes, Executor executor) {}

  @SuppressWarnings("deprecation") // nameResolverFactory is the per-channel registration.
  static ManagedChannel create(Settings settings) {
    StaticAddressNameResolverProvider staticAddresses = settings.addresses() == null
        ? null : new StaticAddressNameResolverProvider(settings.addresses());
    // A retry replays the buffered request; execute() streams inputs above streamAboveBytes,
    // so a unary request fits in that much (plus the manifest).
    long perCallBufferBytes = settings.streamAboveBytes() + (1L << 20);
    NettyChannelBuilder builder = NettyChannelBuilder.forTarget(
            staticAddresses == null ? settings.target() : staticAddresses.target(),
            settings.credentials())
        .maxInboundMessageSize(settings.maxInboundMessageBytes())
        // In ns, as the builder took them: grpc-java keeps them so, and in ms a fraction is cut.
        .keepAliveTime(settings.keepAliveTime().toNanos(), TimeUnit.NANOSECONDS)
        .keepAliveTimeout(settings.keepAliveTimeout().toNanos(), TimeUnit.NANOSECONDS)
        .userAgent(SdkVersion.userAgent())
        .defaultServiceConfig(ScaleOutServiceConfig.create())
        .enableRetry()
        .maxRetryAttempts(ScaleOutServiceConfig.MAX_ATTEMPTS)
        .perRpcBufferLimit(perCallBufferBytes)
        .retryBufferSize(4 * perCallBufferBytes);
    if (staticAddresses != null) {
      builder.nameResolverFactory(staticAddresses);
    }
    if (settings.executor() != null) {
      builder.executor(settings.executor());
    }
    return builder.build();
  }

  /**
   * The transport's credentials, with the token on the channel rather than on each call, so
   * that it also goes with the load balancer's health-check streams.
   *
   * @throws IllegalArgumentException if the PEM text cannot be read
   */
  static ChannelCredentials credentials(String caCertPem, String clientCertPem,
      String clientKeyPem, String token) {
    ChannelCredentials transport = transport(caCertPem, clientCertPem, clientKeyPem);
    return token == null ? transport
        : CompositeChannelCredentials.create(transport, new BearerTokenCredentials(token));
  }

  private static ChannelCredentials transport(String caCertPem, String clientCertPem,
      String clientKeyPem) {
    if (caCertPem == null) {
      return InsecureChannelCredentials.create();
    }
    try {
      TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder()
          .trustManager(pem(caCertPem));
      if (clientCertPem != null) {
        tls.keyManager(pem(clientCertPem), pem(clientKeyPem));
      }
      return tls.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot read the TLS PEM text: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the TLS PEM text", e);
    }
  }

  private static ByteArrayInputStream pem(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
  }
}
