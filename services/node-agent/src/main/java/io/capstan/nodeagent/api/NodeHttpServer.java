package io.capstan.nodeagent.api;

import io.capstan.nodeagent.tls.NodeApiTls;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal HTTPS/1.1 server: one thread per connection, one request per connection. The JDK's
 * {@code HttpServer} cannot hand a connection over after {@code 101 Switching Protocols}, which
 * exec, attach and port-forward need, so the node API parses requests itself.
 */
final class NodeHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeHttpServer.class);

  interface Handler {
    void handle(NodeRequest request) throws IOException;
  }

  private final ServerSocket listener;
  private final NodeApiTls tls;
  private final Handler handler;
  private final ExecutorService threads;
  private final Thread acceptor;

  NodeHttpServer(ServerSocket listener, NodeApiTls tls, Handler handler) {
    this.listener = listener;
    this.tls = tls;
    this.handler = handler;
    AtomicInteger n = new AtomicInteger();
    // Unbounded on purpose: followed logs and exec sessions hold a thread for as long as they last.
    this.threads = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "node-api-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.acceptor = new Thread(this::accept, "node-api-accept");
    acceptor.setDaemon(true);
  }

  void start() {
    acceptor.start();
  }

  private void accept() {
    while (!listener.isClosed()) {
      Socket s;
      try {
        s = listener.accept();
      } catch (IOException e) {
        if (!listener.isClosed()) log.warn("node API accept failed: {}", e.toString());
        continue;
      }
      threads.execute(() -> serve(s));
    }
  }

  private void serve(Socket plain) {
    try (plain; SSLSocket s = tls.accept(plain)) {
      s.setSoTimeout(30_000); // for the handshake and the request head only; handlers that stream clear it
      s.startHandshake();
      NodeRequest request = NodeRequest.read(s, new BufferedInputStream(s.getInputStream()),
          new BufferedOutputStream(s.getOutputStream()));
      if (request == null) return;
      s.setSoTimeout(0);
      handler.handle(request);
      if (!request.answered()) request.reply(500, "no answer");
    } catch (SSLException e) {
      log.debug("node API TLS with {} failed: {}", plain.getRemoteSocketAddress(), e.toString());
    } catch (SocketException e) {
      log.debug("node API connection from {} ended: {}", plain.getRemoteSocketAddress(), e.toString());
    } catch (IOException e) {
      log.debug("node API connection from {} failed: {}", plain.getRemoteSocketAddress(), e.toString());
    } catch (RuntimeException e) {
      log.warn("node API request from {} failed", plain.getRemoteSocketAddress(), e);
    }
  }

  int port() {
    return listener.getLocalPort();
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException e) {
      log.debug("closing the node API listener: {}", e.toString());
    }
    threads.shutdownNow();
  }
}
