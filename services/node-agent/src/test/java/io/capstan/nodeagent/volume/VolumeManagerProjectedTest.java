package io.capstan.nodeagent.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.nodeagent.pod.ClusterObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Projected volumes: the kube-api-access shape, tokens bound to the pod and refreshed as the kubelet does. */
class VolumeManagerProjectedTest {
  @TempDir Path state;
  Instant now = Instant.parse("2026-01-01T00:00:00Z");
  final List<String> requests = new ArrayList<>();
  boolean apiserverDown;
  boolean configMapsUnreadable;

  final ClusterObjects objects = new ClusterObjects() {
    public Optional<ConfigMap> configMap(String namespace, String name) {
      if (configMapsUnreadable) throw new IllegalStateException("timed out waiting to list configmap " + name);
      return name.equals("kube-root-ca.crt")
          ? Optional.of(new ConfigMapBuilder().addToData("ca.crt", "CA of " + namespace).build()) : Optional.empty();
    }

    public Optional<Secret> secret(String namespace, String name) {
      return Optional.empty();
    }

    public IssuedToken serviceAccountToken(Pod pod, String serviceAccount, String audience, long expirationSeconds) {
      if (apiserverDown) throw new IllegalStateException("connection refused");
      requests.add(pod.getMetadata().getUid() + " " + serviceAccount + " " + audience + " " + expirationSeconds);
      return new IssuedToken("token-" + requests.size(), now.plusSeconds(expirationSeconds));
    }

    public void writeStatus(Pod pod, PodStatus status) {}

    public void deleteFinally(Pod pod) {}
  };

  final Clock clock = new Clock() {
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    public Instant instant() {
      return now;
    }
  };

  VolumeManager volumes;

  @BeforeEach
  void setUp() {
    volumes = new VolumeManager(state, objects, Map.of(), clock);
  }

  static Pod pod(long seconds, String audience) {
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("uid-1").endMetadata()
        .withNewSpec().withServiceAccountName("robot").addNewContainer().withName("c").withImage("i").endContainer()
        .addNewVolume().withName("kube-api-access-x2k9q").withNewProjected().withDefaultMode(420)
        .addNewSource().withNewServiceAccountToken().withPath("token").withExpirationSeconds(seconds)
        .withAudience(audience).endServiceAccountToken().endSource()
        .addNewSource().withNewConfigMap().withName("kube-root-ca.crt").addNewItem().withKey("ca.crt").withPath("ca.crt")
        .endItem().endConfigMap().endSource()
        .addNewSource().withNewDownwardAPI().addNewItem().withPath("namespace").withNewFieldRef()
        .withFieldPath("metadata.namespace").endFieldRef().endItem().endDownwardAPI().endSource()
        .endProjected().endVolume().endSpec().build();
  }

  String file(Path dir, String name) throws Exception {
    return Files.readString(dir.resolve(name));
  }

  @Test
  void everySourceLandsInOneDirectoryWithATokenBoundToThePod() throws Exception {
    Path dir = volumes.sync(pod(3607, null), "10.0.0.5", "192.0.2.1").get("kube-api-access-x2k9q");
    assertThat(file(dir, "token")).isEqualTo("token-1");
    assertThat(file(dir, "ca.crt")).isEqualTo("CA of ns");
    assertThat(file(dir, "namespace")).isEqualTo("ns");
    assertThat(requests).containsExactly("uid-1 robot  3607");
  }

  @Test
  void theTokenIsReusedUntilEightyPercentOfItsLifetimeThenRefreshed() throws Exception {
    Pod pod = pod(3600, "vault");
    Path dir = volumes.sync(pod, "10.0.0.5", "192.0.2.1").get("kube-api-access-x2k9q");
    now = now.plusSeconds(2879); // 80% of 3600 s is 2880 s
    volumes.sync(pod, "10.0.0.5", "192.0.2.1");
    assertThat(file(dir, "token")).isEqualTo("token-1");
    now = now.plusSeconds(2);
    volumes.sync(pod, "10.0.0.5", "192.0.2.1");
    assertThat(file(dir, "token")).isEqualTo("token-2");
    assertThat(requests).containsExactly("uid-1 robot vault 3600", "uid-1 robot vault 3600");
  }

  @Test
  void aLongLivedTokenIsRefreshedAfterADayAndAFailedRefreshKeepsTheValidOne() throws Exception {
    Pod pod = pod(48 * 3600, null);
    Path dir = volumes.sync(pod, "10.0.0.5", "192.0.2.1").get("kube-api-access-x2k9q");
    now = now.plus(Duration.ofHours(24)).plusSeconds(1);
    apiserverDown = true;
    volumes.sync(pod, "10.0.0.5", "192.0.2.1");
    assertThat(file(dir, "token")).isEqualTo("token-1");
    apiserverDown = false;
    volumes.sync(pod, "10.0.0.5", "192.0.2.1");
    assertThat(file(dir, "token")).isEqualTo("token-2");
  }

  @Test
  void noTokenAtAllWaitsAsAFailedMount() {
    apiserverDown = true;
    assertThatThrownBy(() -> volumes.sync(pod(3607, null), "10.0.0.5", "192.0.2.1"))
        .isInstanceOf(VolumeManager.VolumeNotReady.class).hasMessageContaining("failed to fetch token: connection refused");
  }

  @Test
  void anUnreadableConfigMapWaitsAsAFailedMount() {
    configMapsUnreadable = true;
    assertThatThrownBy(() -> volumes.sync(pod(3607, null), "10.0.0.5", "192.0.2.1"))
        .isInstanceOf(VolumeManager.VolumeNotReady.class)
        .hasMessageContaining("cannot read configmap \"kube-root-ca.crt\": timed out waiting to list");
  }
}
