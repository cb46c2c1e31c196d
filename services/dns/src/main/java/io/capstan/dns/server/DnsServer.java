package io.capstan.dns.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * DNS over UDP and TCP on one address and port. UDP: one receiving thread answers cluster names
 * inline (memory lookups) and forwarded ones when the upstream replies; answers larger than the
 * client's limit (512 bytes, or its EDNS buffer size up to 4096) are truncated with TC set so
 * the client retries over TCP. TCP: a small bounded pool serves connections (length-prefixed
 * messages, several per connection, 10 s idle timeout).
 */
public final class DnsServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DnsServer.class);
  private static final int MAX_UDP = 4096;

  private final QueryHandler handler;
  private final DnsMetrics metrics;
  private final DatagramChannel udp;
  private final ServerSocketChannel tcp;
  private final ExecutorService tcpPool = new ThreadPoolExecutor(1, 8, 30, TimeUnit.SECONDS,
      new LinkedBlockingQueue<>(256), r -> daemon(r, "dns-tcp"), new ThreadPoolExecutor.AbortPolicy());
  private volatile boolean closed;

  private DnsServer(QueryHandler handler, DnsMetrics metrics, DatagramChannel udp, ServerSocketChannel tcp) {
    this.handler = handler;
    this.metrics = metrics;
    this.udp = udp;
    this.tcp = tcp;
  }

  /** Binds UDP and TCP on {@code address} (port 0: a free port, the same for both) and starts serving. */
  public static DnsServer start(InetSocketAddress address, QueryHandler handler, DnsMetrics metrics) throws IOException {
    // With port 0 the UDP port's TCP twin may be taken by someone else: try another one.
    for (int attempt = 1; ; attempt++) {
      DatagramChannel udp = DatagramChannel.open();
      ServerSocketChannel tcp = ServerSocketChannel.open();
      try {
        udp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        udp.bind(address);
        int port = ((InetSocketAddress) udp.getLocalAddress()).getPort();
        tcp.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        tcp.bind(new InetSocketAddress(address.getAddress(), port), 128);
      } catch (IOException e) {
        udp.close();
        tcp.close();
        if (address.getPort() != 0 || attempt >= 10) throw e;
        continue;
      }
      DnsServer s = new DnsServer(handler, metrics, udp, tcp);
      daemon(s::udpLoop, "dns-udp").start();
      daemon(s::acceptLoop, "dns-tcp-accept").start();
      log.info("cluster DNS on {} (UDP and TCP)", s.address());
      return s;
    }
  }

  public InetSocketAddress address() {
    try {
      return (InetSocketAddress) udp.getLocalAddress();
    } catch (IOException e) {
      throw new IllegalStateException("closed", e);
    }
  }

  private void udpLoop() {
    ByteBuffer buf = ByteBuffer.allocate(MAX_UDP);
    while (!closed) {
      SocketAddress from;
      try {
        buf.clear();
        from = udp.receive(buf);
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        log.warn("receiving a UDP query failed", e);
        continue;
      }
      buf.flip();
      long start = System.nanoTime();
      Message query;
      try {
        query = new Message(buf);
      } catch (IOException e) {
        continue; // not DNS: no answer, as any server does for garbage
      }
      handler.handle(query).whenComplete((reply, err) -> {
        if (err != null) reply = failure(query);
        byte[] wire = reply.toWire(udpLimit(query));
        // Counted before sending, so a client that saw the answer also sees it counted.
        record("udp", query, wire, start);
        try {
          udp.send(ByteBuffer.wrap(wire), from);
        } catch (IOException e) {
          log.debug("answering {} failed", from, e);
        }
      });
    }
  }

  private static int udpLimit(Message query) {
    OPTRecord opt = query.getOPT();
    return opt == null ? 512 : Math.max(512, Math.min(MAX_UDP, opt.getPayloadSize()));
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        SocketChannel c = tcp.accept();
        try {
          tcpPool.execute(() -> serveTcp(c));
        } catch (java.util.concurrent.RejectedExecutionException e) {
          c.close(); // overloaded: the client retries
        }
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        log.warn("accepting a TCP connection failed", e);
      }
    }
  }

  private void serveTcp(SocketChannel c) {
    try (c) {
      c.socket().setSoTimeout(10_000);
      InputStream in = c.socket().getInputStream();
      OutputStream out = Channels.newOutputStream(c);
      while (!closed) {
        int hi = in.read();
        int lo = in.read();
        if (hi < 0 || lo < 0) return;
        byte[] msg = in.readNBytes((hi << 8) | lo);
        long start = System.nanoTime();
        Message query = new Message(msg);
        Message reply;
        try {
          reply = handler.handle(query).toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          reply = failure(query);
        }
        byte[] wire = reply.toWire(65535);
        record("tcp", query, wire, start);
        out.write(new byte[] {(byte) (wire.length >> 8), (byte) wire.length});
        out.write(wire);
        out.flush();
      }
    } catch (SocketTimeoutException e) {
      // Idle client: close, as servers do.
    } catch (IOException e) {
      log.debug("TCP DNS connection ended", e);
    }
  }

  private void record(String proto, Message query, byte[] wire, long start) {
    Record q = query.getQuestion();
    int rcode = wire.length >= 4 ? wire[3] & 0x0F : Rcode.SERVFAIL;
    metrics.record(proto, q == null ? Type.ANY : q.getType(), rcode, System.nanoTime() - start);
  }

  private static Message failure(Message query) {
    Message m = new Message(query.getHeader().getID());
    m.getHeader().setFlag(org.xbill.DNS.Flags.QR);
    m.getHeader().setRcode(Rcode.SERVFAIL);
    if (query.getQuestion() != null) m.addRecord(query.getQuestion(), org.xbill.DNS.Section.QUESTION);
    return m;
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  @Override
  public void close() {
    closed = true;
    try {
      udp.close();
      tcp.close();
    } catch (IOException e) {
      log.debug("closing the DNS sockets", e);
    }
    tcpPool.shutdownNow();
  }
}
