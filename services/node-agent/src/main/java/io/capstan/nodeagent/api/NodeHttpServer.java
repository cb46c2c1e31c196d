package io.capstan.nodeagent.api;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A minimal HTTP/1.1 server: one thread per connection, one request per connection. The JDK's
 * {@code HttpServer} cannot hand a connection over after {@code 101 Switching Protocols}, which
 * exec, attach and port-forward need, so the node API parses requests itself.
 */
final class NodeHttpServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeHttpServer.class);

  interface Handler {
    void handle(NodeRequest request) throws IOException;
  }

  private final ServerSocket listener;
  private final Handler handler;
  private final ExecutorService threads;
  private final Thread acceptor;

  NodeHttpServer(ServerSocket listener, Handler handler) {
    this.listener = listener;
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

  private void serve(Socket s) {
    try (s) {
      s.setSoTimeout(30_000); // for the request head only; handlers that stream clear it
      NodeRequest request = NodeRequest.read(s, new BufferedInputStream(s.getInputStream()),
          new BufferedOutputStream(s.getOutputStream()));
      if (request == null) return;
      s.setSoTimeout(0);
      handler.handle(request);
      if (!request.answered()) request.reply(500, "no answer");
    } catch (SocketException e) {
      log.debug("node API connection from {} ended: {}", s.getRemoteSocketAddress(), e.toString());
    } catch (IOException e) {
      log.debug("node API connection from {} failed: {}", s.getRemoteSocketAddress(), e.toString());
    } catch (RuntimeException e) {
      log.warn("node API request from {} failed", s.getRemoteSocketAddress(), e);
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
