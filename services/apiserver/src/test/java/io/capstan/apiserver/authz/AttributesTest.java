package io.capstan.apiserver.authz;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.request.RequestInfo;
import io.capstan.apiserver.security.UserInfo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Attributes of a request, the name included, as Kubernetes' RequestInfoFactory sets it. */
class AttributesTest {
  private static final UserInfo USER = new UserInfo("alice", "", List.of(UserInfo.AUTHENTICATED));

  @ParameterizedTest(name = "{0} {1} ?watch={2}&fieldSelector={3} -> name ''{4}''")
  @CsvSource(nullValues = "-", delimiter = '|', value = {
      "GET | /api/v1/namespaces/a/configmaps | false | metadata.name=kube-root-ca.crt | kube-root-ca.crt",
      "GET | /api/v1/namespaces/a/configmaps | true  | metadata.name=kube-root-ca.crt | kube-root-ca.crt",
      "GET | /api/v1/namespaces/a/secrets    | true  | metadata.name==s1              | s1",
      "GET | /api/v1/namespaces/a/secrets    | true  | type=Opaque,metadata.name=s1   | s1",
      "GET | /api/v1/watch/namespaces/a/secrets | false | metadata.name=s1            | s1",
      "GET | /api/v1/namespaces/a/secrets    | true  | metadata.name!=s1              | ''",
      "GET | /api/v1/namespaces/a/secrets    | true  | metadata.namespace=a           | ''",
      "GET | /api/v1/namespaces/a/secrets    | true  | -                              | ''",
      "GET | /api/v1/namespaces/a/secrets    | true  | metadata.name=..               | ''",
      "GET | /api/v1/namespaces/a/secrets    | true  | metadata.name=a%2Fb            | ''",
      "GET | /api/v1/namespaces/a/secrets    | true  | metadata.name=a/b              | ''",
      "GET | /api/v1/namespaces/a/secrets    | true  | metadata.name=a\\q             | ''",
      "DELETE | /api/v1/namespaces/a/secrets | false | metadata.name=s1               | ''",
      "GET | /api/v1/namespaces/a/secrets/s2 | true  | metadata.name=s1               | s2",
  })
  void nameOfListsAndWatches(String method, String path, boolean watch, String fieldSelector, String name) {
    Attributes a = Attributes.of(USER, RequestInfo.parse(method, path, watch), fieldSelector);
    assertThat(a.name()).isEqualTo(name);
  }

  @Test
  void keepsVerbNamespaceAndResourceOfANamedWatch() {
    Attributes a = Attributes.of(USER, RequestInfo.parse("GET", "/api/v1/namespaces/a/configmaps", true),
        "metadata.name=c");
    assertThat(a).isEqualTo(Attributes.resource(USER, "watch", "", "configmaps", "", "a", "c"));
  }
}
