package io.capstan.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.security.AuthenticationException;
import io.capstan.apiserver.storage.EtcdStorage;
import io.capstan.testing.EtcdProcess;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Pod-bound tokens against pods stored in a real etcd: they live as long as their pod. */
class ServiceAccountTokenAuthenticatorTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final ResourceCatalog CATALOG = new ResourceCatalog();
  private static EtcdStorage storage;
  private final ServiceAccountTokens tokens = new ServiceAccountTokens(ServiceAccountKey.generated(),
      ServiceAccountTokens.DEFAULT_ISSUER);

  @BeforeAll
  static void connect() {
    storage = new EtcdStorage(EtcdProcess.shared().endpoint());
  }

  @AfterAll
  static void close() {
    storage.close();
  }

  private static ResourceType type(String plural) {
    return CATALOG.find("", "v1", plural).orElseThrow().type();
  }

  private static void store(String plural, String ns, String name, String uid, String deletionTimestamp) {
    String json = "{\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"" + ns + "\",\"uid\":\"" + uid + "\""
        + (deletionTimestamp == null ? "" : ",\"deletionTimestamp\":\"" + deletionTimestamp + "\"") + "}}";
    storage.create(type(plural).key(ns, name), json.getBytes(StandardCharsets.UTF_8));
  }

  private ServiceAccountTokenAuthenticator at(Instant now) {
    return new ServiceAccountTokenAuthenticator(tokens, new StoredObjects(storage, CATALOG), List.of("api"),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private String podToken(String ns, String pod, String podUid) {
    return tokens.issue(new ServiceAccountTokens.Claims(ns, "robot", "sa-uid", "Pod", pod, podUid, List.of("api"),
        NOW.plusSeconds(3607), null), NOW);
  }

  @Test
  void aTokenOfATerminatingPodWorksUntilAMinutePastItsDeletionTimestamp() {
    String ns = "authn-" + UUID.randomUUID().toString().substring(0, 8);
    store("serviceaccounts", ns, "robot", "sa-uid", null);
    store("pods", ns, "web", "pod-uid", NOW.plusSeconds(30).toString());
    String token = podToken(ns, "web", "pod-uid");

    assertThat(at(NOW.plusSeconds(60)).authenticate(token, List.of("api")).extra())
        .containsEntry("authentication.kubernetes.io/pod-name", List.of("web"));
    assertThat(at(NOW.plusSeconds(90)).authenticate(token, List.of("api")).name())
        .isEqualTo("system:serviceaccount:" + ns + ":robot");
    assertThatThrownBy(() -> at(NOW.plusSeconds(91)).authenticate(token, List.of("api")))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("pod web is being deleted");
  }

  @Test
  void aTokenOfAGoneOrRecreatedPodIsRefused() {
    String ns = "authn-" + UUID.randomUUID().toString().substring(0, 8);
    store("serviceaccounts", ns, "robot", "sa-uid", null);
    assertThatThrownBy(() -> at(NOW).authenticate(podToken(ns, "web", "pod-uid"), List.of("api")))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("pod web has been deleted");
    store("pods", ns, "web", "another-uid", null);
    assertThatThrownBy(() -> at(NOW).authenticate(podToken(ns, "web", "pod-uid"), List.of("api")))
        .isInstanceOf(AuthenticationException.class).hasMessageContaining("uid mismatch");
  }
}
