package io.capstan.nodeagent.pod;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodDNSConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodDnsConfigTest {
  @TempDir Path dir;

  private PodDnsConfig config(List<String> clusterDns) throws IOException {
    Path host = dir.resolve("resolv.conf");
    Files.writeString(host, "nameserver 192.0.2.53\nsearch corp.example\noptions ndots:1 edns0\n");
    return new PodDnsConfig(clusterDns, "cluster.local", host);
  }

  private static Pod pod(String policy, boolean hostNetwork) {
    return new PodBuilder().withNewMetadata().withNamespace("shop").withName("p").endMetadata()
        .withNewSpec().withDnsPolicy(policy).withHostNetwork(hostNetwork).endSpec().build();
  }

  @Test
  void clusterFirstUsesTheClusterDnsWithTheNamespaceSearchPathAndNdots5() throws IOException {
    var r = config(List.of("10.96.0.10")).forPod(pod(null, false));
    assertThat(r.nameservers()).containsExactly("10.96.0.10");
    assertThat(r.searches()).containsExactly("shop.svc.cluster.local", "svc.cluster.local", "cluster.local");
    assertThat(r.options()).containsExactly("ndots:5");
  }

  @Test
  void clusterFirstWithHostNetworkIsDefaultUnlessAskedForWithHostNet() throws IOException {
    PodDnsConfig c = config(List.of("10.96.0.10"));
    assertThat(c.forPod(pod("ClusterFirst", true)).nameservers()).isEmpty();
    assertThat(c.forPod(pod("ClusterFirstWithHostNet", true)).nameservers()).containsExactly("10.96.0.10");
  }

  @Test
  void withoutClusterDnsClusterFirstFallsBackToTheHostsFile() throws IOException {
    var r = config(List.of()).forPod(pod("ClusterFirst", false));
    assertThat(r.nameservers()).isEmpty();
    assertThat(r.searches()).isEmpty();
  }

  @Test
  void defaultMergedWithDnsConfigStartsFromTheHostsFile() throws IOException {
    Pod p = pod("Default", false);
    p.getSpec().setDnsConfig(new PodDNSConfigBuilder().withNameservers("192.0.2.99").withSearches("extra.example")
        .addNewOption().withName("ndots").withValue("2").endOption().build());
    var r = config(List.of("10.96.0.10")).forPod(p);
    assertThat(r.nameservers()).containsExactly("192.0.2.53", "192.0.2.99");
    assertThat(r.searches()).containsExactly("corp.example", "extra.example");
    assertThat(r.options()).containsExactly("ndots:2", "edns0");
  }

  @Test
  void noneIsOnlyDnsConfigAndClusterFirstAppendsIt() throws IOException {
    Pod none = pod("None", false);
    none.getSpec().setDnsConfig(new PodDNSConfigBuilder().withNameservers("192.0.2.1").build());
    var r = config(List.of("10.96.0.10")).forPod(none);
    assertThat(r.nameservers()).containsExactly("192.0.2.1");
    assertThat(r.searches()).containsExactly(".");
    assertThat(r.options()).isEmpty();
    Pod cf = pod("ClusterFirst", false);
    cf.getSpec().setDnsConfig(new PodDNSConfigBuilder().withSearches("shop.svc.cluster.local", "x.example")
        .addNewOption().withName("single-request").endOption().build());
    var merged = config(List.of("10.96.0.10")).forPod(cf);
    assertThat(merged.searches()).containsExactly("shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "x.example");
    assertThat(merged.options()).containsExactly("ndots:5", "single-request");
  }
}
