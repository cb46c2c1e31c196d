package io.capstan.proxy.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.capstan.proxy.address.LocalOnlyAddresses;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy on loopback: cluster IPs in 127.0.0.0/8, endpoints are {@link TestBackend}s on 127.0.0.1. */
class ServiceProxyTest {
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<TestBackend> backends = new ArrayList<>();
  private ServiceProxy proxy;
  private String clusterIp;
  private int port;

  @BeforeEach
  void setUp() throws IOException {
    proxy = new ServiceProxy(new LocalOnlyAddresses(), new ProxyMetrics(meters), ServiceProxy.Settings.defaults());
    ThreadLocalRandom r = ThreadLocalRandom.current();
    clusterIp = "127." + r.nextInt(100, 250) + "." + r.nextInt(1, 250) + "." + r.nextInt(2, 250);
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    for (String name : List.of("a", "b", "c")) backends.add(new TestBackend(name));
  }

  @AfterEach
  void tearDown() throws IOException {
    proxy.close();
    for (TestBackend b : backends) b.close();
  }

  private Service service(String affinity, Integer nodePort) {
    var b = new ServiceBuilder().withNewMetadata().withNamespace("ns").withName("web").endMetadata()
        .withNewSpec().withClusterIP(clusterIp).withSessionAffinity(affinity)
        .addNewPort().withName("http").withProtocol("TCP").withPort(port).withNodePort(nodePort).endPort()
        .addNewPort().withName("dns").withProtocol("UDP").withPort(port).endPort();
    if (affinity.equals("ClientIP")) b.withNewSessionAffinityConfig().withNewClientIP().withTimeoutSeconds(60).endClientIP().endSessionAffinityConfig();
    return b.endSpec().build();
  }

  private void applyEndpoints(Service svc, List<TestBackend> ready) {
    applyEndpoints(svc, ready, List.of());
  }

  /** One slice per backend, since each test backend has its own port. */
  private void applyEndpoints(Service svc, List<TestBackend> ready, List<TestBackend> notReady) {
    List<EndpointSlice> slices = new ArrayList<>();
    for (TestBackend t : ready) slices.add(sliceFor(t, true));
    for (TestBackend t : notReady) slices.add(sliceFor(t, false));
    proxy.apply(ProxyRules.compute(List.of(svc), slices, "127.0.0.1"));
  }

  private static EndpointSlice sliceFor(TestBackend t, boolean ready) {
    int p = t.tcp.getLocalPort();
    return new EndpointSliceBuilder().withNewMetadata().withNamespace("ns").withName("web-" + t.name)
        .addToLabels(ProxyRules.SERVICE_NAME_LABEL, "web").endMetadata().withAddressType("IPv4")
        .addNewPort().withName("http").withProtocol("TCP").withPort(p).endPort()
        .addNewPort().withName("dns").withProtocol("UDP").withPort(p).endPort()
        .withEndpoints(new EndpointBuilder().withAddresses("127.0.0.1").withNewConditions().withReady(ready)
            .withServing(ready).withTerminating(false).endConditions().build())
        .build();
  }

  private String firstLine(String fromIp, String ip, int port) throws IOException {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(fromIp, 0));
      s.connect(new InetSocketAddress(ip, port), 2000);
      s.setSoTimeout(2000);
      return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }
  }

  private Map<String, Integer> spread(int connections) throws IOException {
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < connections; i++) seen.merge(firstLine("127.0.0.1", clusterIp, port), 1, Integer::sum);
    return seen;
  }

  @Test
  void roundRobinSpreadsNewConnectionsEvenlyOverReadyEndpoints() throws IOException {
    Service svc = service("None", null);
    applyEndpoints(svc, backends.subList(0, 3), List.of());
    assertThat(spread(9)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 3, "b", 3, "c", 3));
    applyEndpoints(svc, backends.subList(0, 2), backends.subList(2, 3));
    assertThat(spread(4)).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2));
    assertThat(meters.get("capstan_proxy_connections_total").tag("service", "web").tag("port", "http").counter().count())
        .isEqualTo(13);
    assertThat(meters.get("capstan_proxy_bytes_total").tag("direction", "to_client").tag("port", "http").counter().count())
        .isEqualTo(13 * 2);
  }

  @Test
  void clientIpAffinityKeepsAClientOnOneEndpoint() throws IOException {
    Service svc = service("ClientIP", null);
    applyEndpoints(svc, backends);
    String first = firstLine("127.0.0.1", clusterIp, port);
    for (int i = 0; i < 5; i++) assertThat(firstLine("127.0.0.1", clusterIp, port)).isEqualTo(first);
    // Another client is balanced on its own.
    String other = firstLine("127.0.0.2", clusterIp, port);
    assertThat(other).isNotEqualTo(first);
    for (int i = 0; i < 3; i++) assertThat(firstLine("127.0.0.2", clusterIp, port)).isEqualTo(other);
    // When the sticky endpoint leaves, the client moves on and sticks to the new one.
    List<TestBackend> rest = backends.stream().filter(b -> !b.name.equals(first)).toList();
    applyEndpoints(svc, rest);
    String moved = firstLine("127.0.0.1", clusterIp, port);
    assertThat(moved).isNotEqualTo(first);
    for (int i = 0; i < 3; i++) assertThat(firstLine("127.0.0.1", clusterIp, port)).isEqualTo(moved);
  }

  @Test
  void anEndpointThatLeavesKeepsItsOpenConnectionsButGetsNoNewOnes() throws IOException {
    Service svc = service("None", null);
    applyEndpoints(svc, backends.subList(0, 1));
    try (Socket s = new Socket(clusterIp, port)) {
      s.setSoTimeout(2000);
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
      assertThat(in.readLine()).isEqualTo("a");
      applyEndpoints(svc, backends.subList(1, 3));
      assertThat(spread(4)).containsExactlyInAnyOrderEntriesOf(Map.of("b", 2, "c", 2));
      out.println("still there?");
      assertThat(in.readLine()).isEqualTo("a:still there?");
      // The client's half-close reaches the endpoint, which then ends the connection.
      s.shutdownOutput();
      assertThat(in.readLine()).isNull();
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> meters.get("capstan_proxy_open_connections").gauge().value() == 0);
  }

  @Test
  void withoutEndpointsAConnectionIsResetAtOnce() throws IOException {
    Service svc = service("None", null);
    applyEndpoints(svc, List.of(), backends.subList(0, 1));
    long start = System.nanoTime();
    Throwable t = catchThrowable(() -> {
      String line = firstLine("127.0.0.1", clusterIp, port);
      assertThat(line).isNull();
    });
    if (t != null) assertThat(t).isInstanceOf(SocketException.class).hasMessageContaining("reset");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(meters.get("capstan_proxy_rejected_total").tag("port", "http").counter().count()).isEqualTo(1);
  }

  @Test
  void anEndpointThatRefusesIsSkippedForTheNext() throws IOException {
    Service svc = service("None", null);
    TestBackend dead = backends.get(2);
    dead.close();
    applyEndpoints(svc, backends);
    assertThat(spread(6).keySet()).containsOnly("a", "b");
  }

  @Test
  void nodePortServesTheSameEndpoints() throws IOException {
    int nodePort;
    try (ServerSocket s = new ServerSocket(0)) {
      nodePort = s.getLocalPort();
    }
    Service svc = service("None", nodePort);
    applyEndpoints(svc, backends.subList(0, 2));
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) seen.add(firstLine("127.0.0.1", "127.0.0.1", nodePort));
    assertThat(seen).containsExactlyInAnyOrder("a", "a", "b", "b");
    // Deleting the service closes its listeners.
    proxy.apply(ProxyRules.compute(List.of(), List.of(), "127.0.0.1"));
    assertThat(proxy.bound()).isEmpty();
    // The selector thread closes the listening socket after apply returns: wait for it.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
        assertThat(catchThrowable(() -> firstLine("127.0.0.1", "127.0.0.1", nodePort))).isInstanceOf(IOException.class));
  }

  @Test
  void udpDatagramsReachAnEndpointAndRepliesComeBack() throws IOException {
    Service svc = service("None", null);
    applyEndpoints(svc, backends.subList(0, 2));
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      // A new socket is a new client address, so a new session and the next endpoint.
      try (DatagramSocket d = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        d.setSoTimeout(2000);
        byte[] q = "q".getBytes(StandardCharsets.UTF_8);
        d.send(new DatagramPacket(q, q.length, new InetSocketAddress(clusterIp, port)));
        DatagramPacket reply = new DatagramPacket(new byte[100], 100);
        d.receive(reply);
        assertThat(reply.getSocketAddress()).isEqualTo(new InetSocketAddress(clusterIp, port));
        seen.add(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
      }
    }
    assertThat(seen).containsExactlyInAnyOrder("a:q", "b:q");
    assertThat(meters.get("capstan_proxy_connections_total").tag("protocol", "UDP").counter().count()).isEqualTo(2);
  }
}
