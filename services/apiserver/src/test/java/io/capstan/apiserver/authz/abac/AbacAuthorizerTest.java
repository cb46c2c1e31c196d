package io.capstan.apiserver.authz.abac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.authz.Attributes;
import io.capstan.apiserver.authz.Decision;
import io.capstan.apiserver.security.UserInfo;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The examples of Kubernetes' ABAC documentation, one policy per line. */
class AbacAuthorizerTest {
  private static final String V = "{\"apiVersion\": \"abac.authorization.kubernetes.io/v1beta1\", \"kind\": \"Policy\", \"spec\": ";
  private static final AbacAuthorizer ABAC;

  static {
    try {
      ABAC = AbacAuthorizer.parse(List.of(
          "# alice can do anything to all resources",
          V + "{\"user\": \"alice\", \"namespace\": \"*\", \"resource\": \"*\", \"apiGroup\": \"*\"}}",
          "",
          V + "{\"user\": \"kubelet\", \"namespace\": \"*\", \"resource\": \"pods\", \"readonly\": true}}",
          V + "{\"user\": \"bob\", \"namespace\": \"projectCaribou\", \"resource\": \"pods\", \"readonly\": true}}",
          V + "{\"group\": \"system:authenticated\", \"readonly\": true, \"nonResourcePath\": \"/version\"}}",
          V + "{\"group\": \"ops\", \"readonly\": true, \"nonResourcePath\": \"/logs/*\"}}",
          V + "{\"user\": \"*\", \"namespace\": \"\", \"resource\": \"namespaces\", \"apiGroup\": \"\", \"readonly\": true}}"),
          "test");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0} {1} {2}/{3} ns={4} -> {5}")
  @CsvSource(nullValues = "-", value = {
      "alice, delete, apps, deployments, team-a, true",
      "kubelet, list, '', pods, team-a, true",
      "kubelet, create, '', pods, team-a, false",
      "kubelet, list, apps, pods, team-a, false",
      "bob, get, '', pods, projectCaribou, true",
      "bob, get, '', pods, team-a, false",
      "bob, update, '', pods, projectCaribou, false",
      "carol, get, '', namespaces, -, true",
      "carol, get, '', pods, -, false",
  })
  void resources(String user, String verb, String group, String resource, String namespace, boolean allowed) {
    Decision d = ABAC.authorize(Attributes.resource(new UserInfo(user, "", List.of(UserInfo.AUTHENTICATED)), verb, group,
        resource, "", namespace, ""));
    assertThat(d.kind()).isEqualTo(allowed ? Decision.Kind.ALLOW : Decision.Kind.NO_OPINION);
  }

  @ParameterizedTest(name = "{0} in {1} {2} {3} -> {4}")
  @CsvSource({
      "carol, system:authenticated, get, /version, true",
      "carol, system:authenticated, get, /logs/app.log, false",
      "dave, ops, get, /logs/app.log, true",
      "dave, ops, post, /logs/app.log, false",
      "alice, dev, get, /metrics, false",
  })
  void nonResourcePaths(String user, String group, String verb, String path, boolean allowed) {
    Decision d = ABAC.authorize(Attributes.nonResource(new UserInfo(user, "", List.of(group)), verb, path));
    assertThat(d.allowed()).isEqualTo(allowed);
  }

  @Test
  void rejectsLinesThatAreNotV1beta1Policies() {
    assertThatThrownBy(() -> AbacAuthorizer.parse(List.of("{\"user\":\"alice\"}"), "f")).isInstanceOf(IOException.class)
        .hasMessageContaining("f:1");
    assertThatThrownBy(() -> AbacAuthorizer.parse(List.of("not json"), "f")).isInstanceOf(IOException.class);
  }
}
