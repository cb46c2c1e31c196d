package io.capstan.nodeagent.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a saved serving certificate may still be served, and that it survives a save and load. */
class ServingCertificateTest {
  final TestPki pki = new TestPki("cluster-ca");
  final Instant now = Instant.now();

  @Test
  void usableWhileYoungSignedByTheCaAndNamingExactlyTheNodesAddresses() {
    ServingCertificate c = pki.serving("n1", List.of("10.0.0.5"), List.of("n1"), now.minusSeconds(60), Duration.ofDays(10));
    assertThat(c.usable(now, List.of(pki.ca), Set.of("10.0.0.5"), Set.of("n1"))).isTrue();
    assertThat(c.usable(now, List.of(pki.ca), Set.of("10.0.0.6"), Set.of("n1"))).as("the node's IP changed").isFalse();
    assertThat(c.usable(now, List.of(new TestPki("other-ca").ca), Set.of("10.0.0.5"), Set.of("n1")))
        .as("a new cluster CA").isFalse();
    assertThat(c.usable(now.plus(Duration.ofDays(8)).plusSeconds(1), List.of(pki.ca), Set.of("10.0.0.5"), Set.of("n1")))
        .as("past 80% of its life").isFalse();
    assertThat(c.renewAt()).isEqualTo(now.minusSeconds(60).plus(Duration.ofDays(8)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  @Test
  void savedAndLoadedWithAPrivateKeyFile(@TempDir Path dir) throws Exception {
    ServingCertificate c = pki.serving("n1", List.of("10.0.0.5"), List.of("n1"), now, Duration.ofDays(1));
    c.save(dir);
    ServingCertificate loaded = ServingCertificate.load(dir).orElseThrow();
    assertThat(loaded.leaf()).isEqualTo(c.leaf());
    assertThat(loaded.key().getEncoded()).isEqualTo(c.key().getEncoded());
    assertThat(java.nio.file.Files.getPosixFilePermissions(dir.resolve(ServingCertificate.KEY_FILE)))
        .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
            java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    assertThat(ServingCertificate.load(dir.resolve("missing"))).isEmpty();
  }
}
