package io.capstan.proxy.engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A pod stand-in on 127.0.0.1: each TCP connection first gets "name\n", then every line comes back
 * as "name:line"; each UDP datagram comes back as "name:payload". Records the client addresses
 * it saw.
 */
final class TestBackend implements AutoCloseable {
  final String name;
  final ServerSocket tcp;
  final DatagramSocket udp;
  final List<InetAddress> clients = new CopyOnWriteArrayList<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  TestBackend(String name) throws IOException {
    this.name = name;
    this.tcp = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.udp = new DatagramSocket(tcp.getLocalPort(), InetAddress.getLoopbackAddress());
    daemon("backend-" + name, this::acceptLoop);
    daemon("backend-udp-" + name, this::udpLoop);
  }

  private static void daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
  }

  Backend backend() {
    return new Backend("127.0.0.1", tcp.getLocalPort());
  }

  private void acceptLoop() {
    while (!tcp.isClosed()) {
      try {
        Socket s = tcp.accept();
        open.add(s);
        clients.add(s.getInetAddress());
        daemon("backend-conn-" + name, () -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      OutputStream out = s.getOutputStream();
      out.write((name + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        out.write((name + ":" + line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
      }
    } catch (IOException e) {
      // The client went away.
    }
  }

  private void udpLoop() {
    byte[] buf = new byte[2048];
    while (!udp.isClosed()) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        byte[] reply = (name + ":" + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
            .getBytes(StandardCharsets.UTF_8);
        udp.send(new DatagramPacket(reply, reply.length, (InetSocketAddress) p.getSocketAddress()));
      } catch (IOException e) {
        return;
      }
    }
  }

  @Override
  public void close() throws IOException {
    tcp.close();
    udp.close();
    for (Socket s : open) s.close();
  }
}
