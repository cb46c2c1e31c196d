package io.capstan.proxy.engine;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SelectableChannel;

/** Opening a service address for a {@link TcpListener} or a {@link UdpListener}: bind, then register with the reactor. */
final class ServiceSockets {
  private ServiceSockets() {}

  /** How a channel binds (TCP takes a backlog, UDP does not). */
  interface Binder<C> {
    void bind(C channel, InetSocketAddress address) throws IOException;
  }

  /**
   * Binds {@code channel} non-blocking to {@code address}, or closes it and throws. SO_REUSEADDR lets a
   * service port re-created right after its predecessor closed bind again at once.
   */
  static <C extends SelectableChannel & NetworkChannel> C bind(C channel, InetSocketAddress address, Binder<C> binder)
      throws IOException {
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      binder.bind(channel, address);
      channel.configureBlocking(false);
      return channel;
    } catch (IOException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Registers {@code channel} for {@code ops} on the reactor thread, then runs {@code registered}
   * there; returns once both are done, so the listener serves when its {@code open} returns.
   */
  static void register(Reactor reactor, SelectableChannel channel, int ops, Reactor.Handler handler,
      Runnable registered) {
    reactor.run(() -> {
      try {
        reactor.register(channel, ops, handler);
      } catch (IOException e) {
        throw new IllegalStateException("cannot register " + channel, e);
      }
      registered.run();
    });
  }
}
