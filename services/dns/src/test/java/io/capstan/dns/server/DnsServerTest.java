package io.capstan.dns.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.dns.zone.ClusterZone;
import io.capstan.dns.zone.ZoneBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** A real server on 127.0.0.1 and a free port, asked with dnsjava's resolver over UDP and TCP. */
class DnsServerTest {
  private static final Name ZONE = Name.fromConstantString("cluster.local.");
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AtomicReference<ClusterZone> zone = new AtomicReference<>(ClusterZone.empty(ZONE));
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private DnsServer server;

  @BeforeEach
  void start() throws IOException {
    List<Service> services = List.of(
        new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("web").endMetadata().withNewSpec()
            .withClusterIP("10.96.40.7").withClusterIPs("10.96.40.7").addNewPort().withName("http").withProtocol("TCP")
            .withPort(80).endPort().endSpec().build(),
        new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("db").endMetadata().withNewSpec()
            .withClusterIP("None").addNewPort().withName("pg").withProtocol("TCP").withPort(5432).endPort().endSpec().build(),
        new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("big").endMetadata().withNewSpec()
            .withClusterIP("None").endSpec().build(),
        new ServiceBuilder().withNewMetadata().withNamespace("shop").withName("ext").endMetadata().withNewSpec()
            .withType("ExternalName").withExternalName("web.shop.svc.cluster.local").endSpec().build());
    List<Endpoint> many = new ArrayList<>();
    for (int i = 1; i <= 60; i++) many.add(endpoint("10.244.9." + i, null, true));
    List<EndpointSlice> slices = List.of(
        new EndpointSliceBuilder().withNewMetadata().withNamespace("shop").withName("db-1")
            .addToLabels(ZoneBuilder.SERVICE_NAME_LABEL, "db").endMetadata().withAddressType("IPv4")
            .addNewPort().withName("pg").withProtocol("TCP").withPort(5432).endPort()
            .withEndpoints(endpoint("10.244.0.11", "db-0", true), endpoint("10.244.0.12", "db-1", true),
                endpoint("10.244.0.13", null, true), endpoint("10.244.0.14", "db-3", false))
            .build(),
        new EndpointSliceBuilder().withNewMetadata().withNamespace("shop").withName("big-1")
            .addToLabels(ZoneBuilder.SERVICE_NAME_LABEL, "big").endMetadata().withAddressType("IPv4")
            .withEndpoints(many).build());
    zone.set(ZoneBuilder.build(ZONE, 5, services, slices));
    server = start(zone, Optional.empty());
  }

  private DnsServer start(AtomicReference<ClusterZone> z, Optional<Forwarder> forwarder) throws IOException {
    DnsServer s = DnsServer.start(new InetSocketAddress("127.0.0.1", 0),
        new QueryHandler(z::get, forwarder, 5, InetAddress.getLoopbackAddress()), new DnsMetrics(meters));
    closeables.add(s);
    return s;
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : closeables) c.close();
  }

  private static Endpoint endpoint(String ip, String hostname, boolean ready) {
    return new EndpointBuilder().withAddresses(ip).withHostname(hostname).withNewConditions().withReady(ready)
        .endConditions().build();
  }

  private Message ask(String name, int type) throws IOException {
    return ask(server, name, type, false);
  }

  private static Message ask(DnsServer s, String name, int type, boolean tcp) throws IOException {
    SimpleResolver r = new SimpleResolver(s.address());
    r.setTCP(tcp);
    r.setTimeout(Duration.ofSeconds(3));
    return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }

  private static List<String> answers(Message m) {
    return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).sorted().toList();
  }

  @Test
  void serviceNameResolvesToItsClusterIpAuthoritatively() throws IOException {
    Message m = ask("web.shop.svc.cluster.local.", Type.A);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(m.getHeader().getFlag(Flags.AA)).isTrue();
    assertThat(answers(m)).containsExactly("10.96.40.7");
    assertThat(m.getSection(Section.ANSWER).get(0).getTTL()).isEqualTo(5);
    // Names are case-insensitive and answered with the asker's spelling.
    Message upper = ask("WEB.Shop.svc.cluster.local.", Type.A);
    assertThat(answers(upper)).containsExactly("10.96.40.7");
    assertThat(upper.getSection(Section.ANSWER).get(0).getName().toString()).isEqualTo("WEB.Shop.svc.cluster.local.");
  }

  @Test
  void headlessServiceResolvesToItsReadyEndpointsAndEachHostnameToItsPod() throws IOException {
    assertThat(answers(ask("db.shop.svc.cluster.local.", Type.A)))
        .containsExactly("10.244.0.11", "10.244.0.12", "10.244.0.13");
    assertThat(answers(ask("db-0.db.shop.svc.cluster.local.", Type.A))).containsExactly("10.244.0.11");
    assertThat(answers(ask("db-1.db.shop.svc.cluster.local.", Type.A))).containsExactly("10.244.0.12");
    // Without a hostname an endpoint is named by its dashed IP; a not-ready one has no name.
    assertThat(answers(ask("10-244-0-13.db.shop.svc.cluster.local.", Type.A))).containsExactly("10.244.0.13");
    assertThat(ask("db-3.db.shop.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void srvRecordsNameThePortAndTheTargets() throws IOException {
    Message web = ask("_http._tcp.web.shop.svc.cluster.local.", Type.SRV);
    assertThat(answers(web)).containsExactly("0 100 80 web.shop.svc.cluster.local.");
    Message db = ask("_pg._tcp.db.shop.svc.cluster.local.", Type.SRV);
    assertThat(db.getSection(Section.ANSWER)).hasSize(3);
    assertThat(db.getSection(Section.ANSWER).stream().map(r -> ((SRVRecord) r).getTarget().toString()).sorted())
        .containsExactly("10-244-0-13.db.shop.svc.cluster.local.", "db-0.db.shop.svc.cluster.local.",
            "db-1.db.shop.svc.cluster.local.");
    // The targets' addresses come along, saving the client a round trip.
    assertThat(db.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.A).map(Record::rdataToString))
        .containsExactlyInAnyOrder("10.244.0.11", "10.244.0.12", "10.244.0.13");
  }

  @Test
  void reverseLookupsNameServicesAndHeadlessEndpoints() throws IOException {
    assertThat(answers(ask(ReverseMap.fromAddress("10.96.40.7").toString(), Type.PTR)))
        .containsExactly("web.shop.svc.cluster.local.");
    assertThat(answers(ask(ReverseMap.fromAddress("10.244.0.11").toString(), Type.PTR)))
        .containsExactly("db-0.db.shop.svc.cluster.local.");
  }

  @Test
  void unknownNamesInTheZoneAreNxdomainWithTheSoaAndKnownOnesWithoutTheTypeAreNodata() throws IOException {
    Message nx = ask("nope.shop.svc.cluster.local.", Type.A);
    assertThat(nx.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(nx.getSection(Section.AUTHORITY)).singleElement().satisfies(r -> {
      assertThat(r.getType()).isEqualTo(Type.SOA);
      assertThat(r.getName()).isEqualTo(Name.fromConstantString("cluster.local."));
    });
    // What a search path with ndots:5 produces first must end quickly as NXDOMAIN, not be forwarded.
    assertThat(ask("web.shop.svc.cluster.local.shop.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
    Message nodata = ask("web.shop.svc.cluster.local.", Type.AAAA);
    assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
    assertThat(nodata.getSection(Section.AUTHORITY)).extracting(Record::getType).containsExactly(Type.SOA);
    // A namespace is an empty non-terminal: it exists.
    assertThat(ask("shop.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(ask("cluster.local.", Type.SOA).getSection(Section.ANSWER)).extracting(Record::getType)
        .containsExactly(Type.SOA);
    assertThat(answers(ask("dns-version.cluster.local.", Type.TXT))).containsExactly("1.1.0");
  }

  /**
   * What glibc's stub resolver (busybox nc in a pod) does for {@code web.shop.svc.cluster.local}
   * with the pod's search path and ndots:5: each candidate name asked for A and AAAA at once from
   * one socket, the search expansions first; NXDOMAIN moves it on, the name itself answers.
   */
  @Test
  void aStubResolverWalksTheSearchPathAskingAAndAaaaAtOnceFromOneSocket() throws IOException {
    List<String> candidates = List.of("web.shop.svc.cluster.local.shop.svc.cluster.local.",
        "web.shop.svc.cluster.local.svc.cluster.local.", "web.shop.svc.cluster.local.cluster.local.",
        "web.shop.svc.cluster.local.");
    try (DatagramSocket d = new DatagramSocket()) {
      d.setSoTimeout(3000);
      d.connect(server.address());
      for (String name : candidates) {
        Message a = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN));
        Message aaaa = Message.newQuery(Record.newRecord(Name.fromString(name), Type.AAAA, DClass.IN));
        for (Message q : List.of(a, aaaa)) d.send(new DatagramPacket(q.toWire(), q.toWire().length));
        Map<Integer, Message> replies = new HashMap<>();
        for (int i = 0; i < 2; i++) {
          DatagramPacket p = new DatagramPacket(new byte[512], 512);
          d.receive(p);
          Message reply = new Message(Arrays.copyOf(p.getData(), p.getLength()));
          replies.put(reply.getHeader().getID(), reply);
        }
        Message forA = replies.get(a.getHeader().getID());
        Message forAaaa = replies.get(aaaa.getHeader().getID());
        assertThat(forA.getQuestion()).isEqualTo(a.getQuestion());
        assertThat(forAaaa.getQuestion()).isEqualTo(aaaa.getQuestion());
        if (name.equals("web.shop.svc.cluster.local.")) {
          assertThat(answers(forA)).containsExactly("10.96.40.7");
          assertThat(forAaaa.getRcode()).isEqualTo(Rcode.NOERROR);
          assertThat(forAaaa.getSection(Section.ANSWER)).isEmpty();
        } else {
          assertThat(List.of(forA.getRcode(), forAaaa.getRcode())).as(name).containsOnly(Rcode.NXDOMAIN);
        }
        assertThat(List.of(forA, forAaaa)).allSatisfy(r -> {
          assertThat(r.getHeader().getFlag(Flags.QR)).isTrue();
          assertThat(r.getHeader().getFlag(Flags.AA)).isTrue();
          assertThat(r.getHeader().getFlag(Flags.TC)).isFalse();
        });
      }
    }
  }

  @Test
  void externalNameIsACnameFollowedInsideTheZone() throws IOException {
    Message m = ask("ext.shop.svc.cluster.local.", Type.A);
    assertThat(m.getSection(Section.ANSWER)).extracting(Record::getType).containsExactly(Type.CNAME, Type.A);
    assertThat(answers(m)).contains("10.96.40.7", "web.shop.svc.cluster.local.");
  }

  @Test
  void podNamesAnswerTheirDashedAddress() throws IOException {
    assertThat(answers(ask("10-244-3-7.shop.pod.cluster.local.", Type.A))).containsExactly("10.244.3.7");
    assertThat(ask("10-244-3-700.shop.pod.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void aLargeAnswerIsTruncatedOverUdpAndWholeOverTcp() throws IOException {
    Message udp = rawUdp(server, "big.shop.svc.cluster.local.");
    assertThat(udp.getHeader().getFlag(Flags.TC)).isTrue();
    Message tcp = ask(server, "big.shop.svc.cluster.local.", Type.A, true);
    assertThat(tcp.getHeader().getFlag(Flags.TC)).isFalse();
    assertThat(tcp.getSection(Section.ANSWER)).hasSize(60);
    assertThat(meters.get("capstan_dns_queries_total").tag("proto", "tcp").tag("type", "A").tag("rcode", "NOERROR")
        .counter().count()).isEqualTo(1);
  }

  private static Message rawUdp(DnsServer s, String name) throws IOException {
    byte[] q = Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)).toWire();
    try (DatagramSocket d = new DatagramSocket()) {
      d.setSoTimeout(3000);
      d.send(new DatagramPacket(q, q.length, s.address()));
      DatagramPacket p = new DatagramPacket(new byte[4096], 4096);
      d.receive(p);
      assertThat(p.getLength()).isLessThanOrEqualTo(512);
      return new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
    }
  }

  @Test
  void otherNamesAreForwardedWhenAnUpstreamIsConfiguredAndServfailOtherwise() throws IOException {
    assertThat(ask("www.example.test.", Type.A).getRcode()).isEqualTo(Rcode.SERVFAIL);
    // The upstream is a second server on loopback, authoritative for example.test.
    Name other = Name.fromConstantString("example.test.");
    AtomicReference<ClusterZone> upstreamZone = new AtomicReference<>(ZoneBuilder.build(other, 5, List.of(
        new ServiceBuilder().withNewMetadata().withNamespace("n").withName("www").endMetadata().withNewSpec()
            .withClusterIP("192.0.2.8").endSpec().build()), List.of()));
    DnsServer upstream = start(upstreamZone, Optional.empty());
    DnsServer forwarding = start(zone, Optional.of(Forwarder.to(upstream.address(), Duration.ofSeconds(2))));
    Message m = ask(forwarding, "www.n.svc.example.test.", Type.A, false);
    assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
    assertThat(answers(m)).containsExactly("192.0.2.8");
    // Cluster names are still answered locally.
    assertThat(answers(ask(forwarding, "web.shop.svc.cluster.local.", Type.A, false))).containsExactly("10.96.40.7");
  }

  @Test
  void resolvConfNameserversAreTakenInOrderAndOnlyAsAddresses() {
    assertThat(Forwarder.nameservers(List.of("# comment", "search example.org", "nameserver 192.0.2.53",
        "nameserver dns.example.org", "nameserver ::1", "options ndots:1")))
        .containsExactly("192.0.2.53", "::1");
  }

  @Test
  void aNewZoneIsServedAtOnce() throws IOException {
    zone.set(ClusterZone.empty(ZONE));
    assertThat(ask("web.shop.svc.cluster.local.", Type.A).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }
}
