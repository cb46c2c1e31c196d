package io.capstan.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.capstan.client.bus.BusSettings;
import io.capstan.dns.DnsAssembly;
import io.capstan.e2e.support.Fabric8;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.KafkaProcess;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Cluster DNS as {@code capstan up} runs it: with the client certificate {@code capstan init} makes
 * for it ({@code system:capstan:dns}), whose bootstrap ClusterRole lets it list and watch services
 * and EndpointSlices and nothing more. It syncs, follows changes, logs no refusal, and is refused
 * what it does not need.
 */
class ClusterDnsIdentityE2ETest {

  @Test
  void clusterDnsServesWithItsOwnIdentityAndIsRefusedEverythingElse() throws Exception {
    ApiServerProcess api = ApiServerProcess.shared();
    KubernetesClient admin = Fabric8.client(api);
    String ns = Fabric8.createNamespace(admin, "dnsid");
    String firstIp = createService(admin, ns, "web").getSpec().getClusterIP();

    // INFO and above: where a refused list or watch shows up, without the suite's debug chatter.
    ThresholdFilter infoAndAbove = new ThresholdFilter();
    infoAndAbove.setLevel("INFO");
    infoAndAbove.start();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    logs.addFilter(infoAndAbove);
    logs.start();
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.addAppender(logs);
    try (KubernetesClient dnsClient = WholeCluster.componentClient(api, "dns");
        DnsAssembly dns = new DnsAssembly(dnsClient, BusSettings.local(KafkaProcess.shared().bootstrapServers(),
            "dns-identity-" + ns), DnsAssembly.Settings.of(new InetSocketAddress("127.0.0.1", 0))
            .withNamespaces(ns::equals).withoutForwarding(), new SimpleMeterRegistry())) {
      dns.start(Duration.ofSeconds(60));
      assertThat(answers(dns.address(), "web." + ns + ".svc.cluster.local.")).containsExactly(firstIp);
      // A service made after the start arrives through the watch.
      String laterIp = createService(admin, ns, "later").getSpec().getClusterIP();
      await("the later service is named").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> assertThat(answers(dns.address(), "later." + ns + ".svc.cluster.local."))
              .containsExactly(laterIp));

      assertThat(dnsClient.discovery().v1().endpointSlices().inAnyNamespace().list().getItems()).isNotNull();
      for (Runnable refused : List.<Runnable>of(
          () -> dnsClient.pods().inNamespace(ns).list(),
          () -> dnsClient.secrets().inNamespace(ns).list(),
          () -> dnsClient.services().inNamespace(ns).withName("web").get(),
          () -> dnsClient.services().inNamespace(ns).withName("web").delete())) {
        assertThatThrownBy(refused::run).isInstanceOfSatisfying(KubernetesClientException.class,
            e -> assertThat(e.getCode()).isEqualTo(403));
      }
    } finally {
      root.detachAppender(logs);
      admin.close();
    }
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .noneMatch(line -> line.toLowerCase(Locale.ROOT).contains("forbidden"));
  }

  private static Service createService(KubernetesClient client, String ns, String name) {
    return client.services().inNamespace(ns).resource(new ServiceBuilder().withNewMetadata().withName(name)
        .endMetadata().withNewSpec().addToSelector("app", name).addNewPort().withName("http").withPort(80).endPort()
        .endSpec().build()).create();
  }

  private static List<String> answers(InetSocketAddress server, String name) throws IOException {
    SimpleResolver r = new SimpleResolver(server);
    r.setTimeout(Duration.ofSeconds(2));
    Message reply = r.send(Message.newQuery(Record.newRecord(Name.fromString(name), Type.A, DClass.IN)));
    return reply.getSection(Section.ANSWER).stream().map(Record::rdataToString).toList();
  }
}
