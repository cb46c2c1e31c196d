package io.capstan.nodeagent.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved certificate is reused across restarts; a due one or one for old addresses is replaced. */
class ServingCertificateRotationTest {
  final TestPki pki = new TestPki("cluster-ca");
  final List<Set<String>> requested = new ArrayList<>();
  final AtomicReference<Set<String>> ips = new AtomicReference<>(Set.of("10.0.0.5"));
  final Instant start = Instant.now();

  ServingCertificateRotation rotation(Path dir, NodeApiTls tls, Instant now) {
    return new ServingCertificateRotation(tls, (ip, dns) -> {
      requested.add(ip);
      return pki.serving("n1", List.copyOf(ip), List.copyOf(dns), now.minusSeconds(60), Duration.ofDays(10));
    }, () -> new ServingCertificateRotation.Addresses(ips.get(), Set.of("n1")), dir, Clock.fixed(now, ZoneOffset.UTC));
  }

  @Test
  void aRestartReusesTheSavedCertificateUntilItIsDueOrTheAddressChanges(@TempDir Path dir) throws Exception {
    NodeApiTls first = new NodeApiTls(List.of(pki.ca));
    rotation(dir, first, start).ensure();
    assertThat(first.ready()).isTrue();
    assertThat(requested).containsExactly(Set.of("10.0.0.5"));

    NodeApiTls restarted = new NodeApiTls(List.of(pki.ca));
    ServingCertificateRotation again = rotation(dir, restarted, start.plus(Duration.ofDays(1)));
    again.ensure();
    assertThat(restarted.ready()).isTrue();
    assertThat(requested).as("the saved one is still good").hasSize(1);
    again.renewIfDue();
    assertThat(requested).hasSize(1);

    ips.set(Set.of("10.0.0.9"));
    again.renewIfDue();
    assertThat(requested).as("the node's IP changed").hasSize(2).last().isEqualTo(Set.of("10.0.0.9"));

    ServingCertificateRotation late = rotation(dir, restarted, start.plus(Duration.ofDays(9)));
    late.ensure();
    assertThat(requested).as("past 80% of the saved one's life").hasSize(3);
  }
}
