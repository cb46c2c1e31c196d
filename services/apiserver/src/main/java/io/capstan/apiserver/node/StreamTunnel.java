package io.capstan.apiserver.node;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's upgraded connection joined to the node agent's: two threads copy bytes, each
 * flushing as it goes (a keystroke must not wait in a buffer). When either side ends, its
 * direction is half-closed; when both have, both connections close.
 */
public class StreamTunnel implements HttpUpgradeHandler {
  private static final Logger log = LoggerFactory.getLogger(StreamTunnel.class);
  private static final AtomicInteger IDS = new AtomicInteger();

  private Socket agent;
  private WebConnection client;
  private final AtomicInteger open = new AtomicInteger(2);

  /** Called by the proxy right after {@code request.upgrade}, before the container calls {@link #init}. */
  void bind(Socket agent) {
    this.agent = agent;
  }

  @Override
  public void init(WebConnection connection) {
    this.client = connection;
    int id = IDS.incrementAndGet();
    try {
      InputStream fromClient = connection.getInputStream();
      OutputStream toClient = connection.getOutputStream();
      start("tunnel-" + id + "-up", () -> {
        copy(fromClient, agent.getOutputStream());
        agent.shutdownOutput();
      });
      start("tunnel-" + id + "-down", () -> {
        copy(agent.getInputStream(), toClient);
        // Servlet streams cannot half-close: the agent finishing ends the client's connection too.
        closeAll();
      });
    } catch (IOException e) {
      log.debug("stream tunnel could not start: {}", e.toString());
      closeAll();
    }
  }

  interface Pump {
    void run() throws IOException;
  }

  private void start(String name, Pump pump) {
    Thread t = new Thread(() -> {
      try {
        pump.run();
      } catch (IOException e) {
        log.debug("{} ended: {}", Thread.currentThread().getName(), e.toString());
      } finally {
        if (open.decrementAndGet() == 0) closeAll();
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buf = new byte[16384];
    int n;
    while ((n = in.read(buf)) != -1) {
      out.write(buf, 0, n);
      out.flush();
    }
  }

  private void closeAll() {
    try {
      agent.close();
    } catch (IOException e) {
      log.debug("closing the agent side: {}", e.toString());
    }
    try {
      client.close();
    } catch (Exception e) {
      log.debug("closing the client side: {}", e.toString());
    }
  }

  @Override
  public void destroy() {
    closeAll();
  }
}
