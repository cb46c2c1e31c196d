package io.capstan.nodeagent.api;

import io.capstan.nodeagent.api.spdy.SpdyConnection;
import io.capstan.nodeagent.runtime.ContainerRuntime;
import io.capstan.nodeagent.runtime.PodConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' port-forward protocol ({@code portforward.k8s.io}) on a SPDY connection: for each
 * local connection kubectl opens an error stream and then a data stream, both carrying headers
 * {@code streamType}, {@code port} and {@code requestID}. The agent connects to that port of the
 * pod (inside its network namespace, see {@link ContainerRuntime#connect}) and copies bytes between
 * the data stream and the connection; a failure is written as text on the error stream, which
 * kubectl prints.
 */
final class PortForwardSession implements SpdyConnection.Handler {
  static final String PROTOCOL = "portforward.k8s.io";
  private static final Logger log = LoggerFactory.getLogger(PortForwardSession.class);
  private static final byte[] EOF = new byte[0];
  private static final int CHUNK = 16 * 1024;

  /** Connects to a port of the pod. */
  interface Dialer {
    PodConnection dial(int port) throws IOException;
  }

  private final SpdyConnection spdy;
  private final Dialer dialer;
  private final String podName;
  /** Error stream ids by request id. */
  private final Map<String, Integer> errorStreams = new ConcurrentHashMap<>();
  private final Map<Integer, Forward> forwards = new ConcurrentHashMap<>();

  PortForwardSession(SpdyConnection spdy, Dialer dialer, String podName) {
    this.spdy = spdy;
    this.dialer = dialer;
    this.podName = podName;
  }

  /** Serves until the client closes the connection; then every forwarded connection is closed. */
  void run() throws IOException {
    try {
      spdy.serve(this);
    } finally {
      forwards.values().forEach(Forward::close);
      spdy.close();
    }
  }

  @Override
  public void onStream(int streamId, Map<String, String> headers, boolean fin) throws IOException {
    String type = header(headers, "streamtype");
    String request = header(headers, "requestid");
    spdy.reply(streamId, Map.of());
    if ("error".equals(type)) {
      errorStreams.put(request, streamId);
      return;
    }
    if (!"data".equals(type)) {
      spdy.reset(streamId, 1); // PROTOCOL_ERROR: the protocol has only these two stream types
      return;
    }
    Integer errorStream = errorStreams.remove(request);
    int port;
    try {
      port = Integer.parseInt(header(headers, "port"));
      if (port <= 0 || port > 65535) throw new NumberFormatException();
    } catch (NumberFormatException e) {
      fail(errorStream, streamId, "invalid port " + header(headers, "port"));
      return;
    }
    Forward f = new Forward(streamId, errorStream, port);
    forwards.put(streamId, f);
    Thread t = new Thread(f::run, "port-forward-" + podName + "-" + port);
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void onData(int streamId, byte[] data, boolean fin) {
    Forward f = forwards.get(streamId);
    if (f == null) return; // error streams carry nothing from the client
    if (data.length > 0) f.toPod.add(data);
    if (fin) f.toPod.add(EOF);
  }

  @Override
  public void onReset(int streamId) {
    Forward f = forwards.remove(streamId);
    if (f != null) f.close();
  }

  private static String header(Map<String, String> headers, String name) {
    for (var e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
    return null;
  }

  private void fail(Integer errorStream, int dataStream, String message) throws IOException {
    if (errorStream != null) {
      byte[] text = message.getBytes(StandardCharsets.UTF_8);
      spdy.data(errorStream, text, 0, text.length, true);
    }
    spdy.data(dataStream, new byte[0], 0, 0, true);
  }

  /** One forwarded connection: the client's bytes queue up until the pod's socket is connected. */
  private final class Forward {
    final int dataStream;
    final Integer errorStream;
    final int port;
    final BlockingQueue<byte[]> toPod = new LinkedBlockingQueue<>();
    volatile PodConnection connection;

    Forward(int dataStream, Integer errorStream, int port) {
      this.dataStream = dataStream;
      this.errorStream = errorStream;
      this.port = port;
    }

    void run() {
      PodConnection c;
      try {
        c = dialer.dial(port);
      } catch (IOException e) {
        report(e.getMessage());
        forwards.remove(dataStream);
        return;
      }
      connection = c;
      Thread writer = new Thread(this::writeToPod, Thread.currentThread().getName() + "-in");
      writer.setDaemon(true);
      writer.start();
      byte[] buf = new byte[CHUNK];
      try (c) {
        InputStream in = c.input();
        int n;
        while ((n = in.read(buf)) != -1) spdy.data(dataStream, buf, 0, n, false);
        String failure = c.failure();
        if (failure != null) {
          report(failure);
          return;
        }
        spdy.data(dataStream, buf, 0, 0, true);
        if (errorStream != null) spdy.data(errorStream, buf, 0, 0, true);
      } catch (IOException e) {
        log.debug("port-forward to {} port {} ended: {}", podName, port, e.toString());
      } finally {
        forwards.remove(dataStream);
        writer.interrupt();
      }
    }

    /** The kubelet's message on the error stream, which kubectl prints. */
    private void report(String why) {
      try {
        fail(errorStream, dataStream, "error forwarding port " + port + " to pod " + podName + ": " + why);
      } catch (IOException reporting) {
        log.debug("cannot report a port-forward failure: {}", reporting.toString());
      }
    }

    private void writeToPod() {
      try {
        OutputStream out = connection.output();
        while (true) {
          byte[] chunk = toPod.take();
          if (chunk == EOF) {
            connection.shutdownOutput();
            return;
          }
          out.write(chunk);
          out.flush();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (IOException e) {
        log.debug("port-forward to {} port {}: writing failed: {}", podName, port, e.toString());
      }
    }

    void close() {
      PodConnection c = connection;
      if (c == null) return;
      try {
        c.close();
      } catch (IOException e) {
        log.debug("closing a forwarded connection: {}", e.toString());
      }
    }
  }
}
