package io.capstan.apiserver.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.model.Json;
import io.capstan.security.pki.CsrRules;
import io.capstan.testing.TestCsrs;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Which node serving-certificate requests are approved without an administrator. */
class KubeletServingApproverTest {
  static final JsonNode NODE = node("n1", Map.of("InternalIP", "10.0.0.5", "Hostname", "n1"));

  static JsonNode node(String name, Map<String, String> addresses) {
    ObjectNode n = Json.object();
    n.putObject("metadata").put("name", name);
    var list = n.putObject("status").putArray("addresses");
    addresses.forEach((type, address) -> list.addObject().put("type", type).put("address", address));
    return n;
  }

  static ObjectNode csr(PKCS10CertificationRequest request, String user, List<String> groups) throws Exception {
    ObjectNode csr = Json.object();
    ObjectNode spec = csr.putObject("spec");
    spec.put("signerName", CsrRules.KUBELET_SERVING).put("request", TestCsrs.base64Pem(request)).put("username", user);
    groups.forEach(spec.putArray("groups")::add);
    var usages = spec.putArray("usages");
    List.of("digital signature", "key encipherment", "server auth").forEach(usages::add);
    return csr;
  }

  static PKCS10CertificationRequest request(String node, GeneralName... sans) throws Exception {
    KeyPair k = TestCsrs.keys();
    return TestCsrs.csr("CN=system:node:" + node + ",O=system:nodes", k, sans);
  }

  static String problem(ObjectNode csr) {
    return KubeletServingApprover.problem(csr, name -> name.equals("n1") ? NODE : null);
  }

  @Test
  void theNodeItselfNamingOnlyItsAddressesIsApproved() throws Exception {
    PKCS10CertificationRequest r = request("n1", new GeneralName(GeneralName.iPAddress, "10.0.0.5"),
        new GeneralName(GeneralName.dNSName, "n1"));
    assertThat(problem(csr(r, "system:node:n1", List.of("system:nodes", "system:authenticated")))).isNull();
    assertThat(problem(csr(r, "capstan-admin", List.of("system:masters")))).as("an admin could approve it").isNull();
  }

  @Test
  void anotherRequesterAnAddressNotTheNodesOrAMissingNodeIsLeftPending() throws Exception {
    PKCS10CertificationRequest mine = request("n1", new GeneralName(GeneralName.iPAddress, "10.0.0.5"));
    assertThat(problem(csr(mine, "system:node:n2", List.of("system:nodes")))).contains("not by system:node:n1");
    PKCS10CertificationRequest foreignIp = request("n1", new GeneralName(GeneralName.iPAddress, "10.0.0.6"));
    assertThat(problem(csr(foreignIp, "system:node:n1", List.of("system:nodes"))))
        .isEqualTo("IP 10.0.0.6 is not an address of the node");
    PKCS10CertificationRequest foreignName = request("n1", new GeneralName(GeneralName.dNSName, "kubernetes.default"));
    assertThat(problem(csr(foreignName, "system:node:n1", List.of("system:nodes")))).contains("kubernetes.default");
    assertThat(problem(csr(request("n1"), "system:node:n1", List.of()))).isEqualTo("the request names no address");
    PKCS10CertificationRequest ghost = request("n9", new GeneralName(GeneralName.iPAddress, "10.0.0.5"));
    assertThat(problem(csr(ghost, "system:node:n9", List.of("system:nodes")))).isEqualTo("node n9 does not exist");
  }

  @Test
  void onlyUndecidedServingRequestsAreConsidered() throws Exception {
    ObjectNode pending = csr(request("n1", new GeneralName(GeneralName.dNSName, "n1")), "system:node:n1", List.of());
    assertThat(KubeletServingApprover.undecided(pending)).isTrue();
    ObjectNode denied = pending.deepCopy();
    denied.putObject("status").putArray("conditions").addObject().put("type", "Denied").put("status", "True");
    assertThat(KubeletServingApprover.undecided(denied)).isFalse();
    ObjectNode client = pending.deepCopy();
    ((ObjectNode) client.get("spec")).put("signerName", CsrRules.CLIENT_KUBELET);
    assertThat(KubeletServingApprover.undecided(client)).isFalse();
  }
}
