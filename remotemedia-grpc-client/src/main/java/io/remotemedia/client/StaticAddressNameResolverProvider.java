package io.remotemedia.client;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.Status;
import io.grpc.StatusOr;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Resolves the target {@value #SCHEME}{@code :///...} to a fixed list of {@code host:port}
 * addresses, one address group each, so that round-robin spreads calls over all of them.
 * Host names are looked up on every resolution (start and refresh). Registered on one channel
 * only, never globally.
 */
final class StaticAddressNameResolverProvider extends NameResolverProvider {
  static final String SCHEME = "remotemedia-static";

  private final List<HostPort> addresses;

  StaticAddressNameResolverProvider(List<HostPort> addresses) {
    this.addresses = List.copyOf(addresses);
  }

  /** The channel target this provider resolves. */
  String target() {
    return SCHEME + ":///" + addresses.get(0);
  }

  @Override
  public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
    if (!SCHEME.equals(targetUri.getScheme())) {
      return null;
    }
    return new NameResolver() {
      private Listener2 listener;

      @Override
      public String getServiceAuthority() {
        return addresses.get(0).toString();
      }

      @Override
      public void start(Listener2 listener) {
        this.listener = listener;
        resolve();
      }

      @Override
      public void refresh() {
        resolve();
      }

      @Override
      public void shutdown() {}

      private void resolve() {
        List<EquivalentAddressGroup> groups = new ArrayList<>();
        for (HostPort address : addresses) {
          InetSocketAddress resolved = new InetSocketAddress(address.host(), address.port());
          if (!resolved.isUnresolved()) {
            groups.add(new EquivalentAddressGroup(resolved));
          }
        }
        if (groups.isEmpty()) {
          listener.onResult2(ResolutionResult.newBuilder()
              .setAddressesOrError(StatusOr.fromStatus(Status.UNAVAILABLE.withDescription(
                  "none of the addresses " + addresses + " resolves")))
              .build());
          return;
        }
        listener.onResult2(ResolutionResult.newBuilder()
            .setAddressesOrError(StatusOr.fromValue(groups))
            .build());
      }
    };
  }

  @Override
  public String getDefaultScheme() {
    return SCHEME;
  }

  @Override
  protected boolean isAvailable() {
    return true;
  }

  @Override
  protected int priority() {
    return 5;
  }

  @Override
  public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
    return List.of(InetSocketAddress.class);
  }

  /** One {@code host:port} of the list; IPv6 literals in brackets, {@code [::1]:50051}. */
  record HostPort(String host, int port) {
    static HostPort parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw new IllegalArgumentException("address \"" + text + "\" must be host:port");
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      } else if (host.contains(":")) {
        throw new IllegalArgumentException("address \"" + text
            + "\": put an IPv6 host in brackets, [::1]:50051");
      }
      int port;
      try {
        port = Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("address \"" + text + "\": port must be a number", e);
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("address \"" + text
            + "\": port must be in [1, 65535], was " + port);
      }
      return new HostPort(host, port);
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }
}
