package io.capstan.e2e.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Relays TCP connections from an address pods can reach (their network's gateway on this host) to
 * the suite's apiserver, which listens on loopback only: the test's stand-in for the kubernetes
 * Service until a node proxy exists. Closing it stops accepting; open relays end with their peers.
 */
final class LoopbackForwarder implements AutoCloseable {
  private final ServerSocket server;

  LoopbackForwarder(InetAddress bind, int port, int targetPort) {
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(bind, port));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    daemon("forwarder-accept", () -> {
      while (!server.isClosed()) {
        try {
          Socket in = server.accept();
          Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
          pump(in, out);
          pump(out, in);
        } catch (IOException e) {
          return; // closed
        }
      }
    });
  }

  private static void daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    t.start();
  }

  private static void pump(Socket from, Socket to) {
    daemon("forwarder-pump", () -> {
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        in.transferTo(out);
      } catch (IOException e) {
        // The peer closed: the relay ends.
      } finally {
        closeBoth(from, to);
      }
    });
  }

  private static void closeBoth(Socket a, Socket b) {
    try {
      a.close();
      b.close();
    } catch (IOException e) {
      // Closing a relayed socket fails only when the other direction closed it first: nothing is lost.
      return;
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
