package io.capstan.apiserver.certificates;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.authz.Authorizer;
import io.capstan.apiserver.authz.Decision;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.security.RequestUser;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class CertificateSigningTest {
  private static final ResourceType CSRS = new ResourceCatalog()
      .find("certificates.k8s.io", "v1", "certificatesigningrequests").orElseThrow().type();
  /** Only "signer" may sign, and only for kubernetes.io/kube-apiserver-client. */
  private static final Authorizer AUTHZ = a -> a.user().name().equals("signer") && a.verb().equals("sign")
      && a.resource().equals("signers") && a.name().equals("kubernetes.io/kube-apiserver-client")
      ? Decision.allow("test") : Decision.noOpinion("");
  private final CertificateSigning admission = new CertificateSigning(AUTHZ);

  private static ObjectNode csr(String signer, String certificate) {
    ObjectNode o = (ObjectNode) Json.MAPPER.readTree(
        "{\"metadata\":{\"name\":\"manoj\"},\"spec\":{\"signerName\":\"" + signer + "\"},\"status\":{}}");
    if (certificate != null) ((ObjectNode) o.get("status")).put("certificate", certificate);
    return o;
  }

  private static RequestUser.Scope as(String name) {
    return RequestUser.bind(new UserInfo(name, "", List.of("system:authenticated"), Map.of()));
  }

  @Test
  void issuingNeedsSignOnTheSigner() {
    String client = "kubernetes.io/kube-apiserver-client";
    try (RequestUser.Scope admin = as("approver")) {
      assertThatThrownBy(() -> admission.beforeUpdate(CSRS, csr(client, "Y2VydA=="), csr(client, null)))
          .isInstanceOfSatisfying(ApiException.class, e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(403))
          .hasMessageContaining("user not permitted to sign requests with signerName \"kubernetes.io/kube-apiserver-client\"");
      assertThatCode(() -> admission.beforeUpdate(CSRS, csr(client, null), csr(client, null))).doesNotThrowAnyException();
    }
    try (RequestUser.Scope signer = as("signer")) {
      assertThatCode(() -> admission.beforeUpdate(CSRS, csr(client, "Y2VydA=="), csr(client, null))).doesNotThrowAnyException();
      String serving = "kubernetes.io/kubelet-serving";
      assertThatThrownBy(() -> admission.beforeUpdate(CSRS, csr(serving, "Y2VydA=="), csr(serving, null)))
          .hasMessageContaining("signerName \"kubernetes.io/kubelet-serving\"");
    }
  }
}
