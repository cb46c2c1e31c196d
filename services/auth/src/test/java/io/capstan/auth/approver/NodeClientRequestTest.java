package io.capstan.auth.approver;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;

/** Only a node's own client-certificate request, from a bootstrap token or that node, is auto-approvable. */
class NodeClientRequestTest {

  static String request(String subject) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair keys = g.generateKeyPair();
    var csr = new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), keys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
    StringWriter w = new StringWriter();
    try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
      pw.writeObject(csr);
    }
    return Base64.getEncoder().encodeToString(w.toString().getBytes(StandardCharsets.US_ASCII));
  }

  static CertificateSigningRequest csr(String subject, String signer, List<String> usages, String user, List<String> groups)
      throws Exception {
    return new CertificateSigningRequestBuilder().withNewMetadata().withName("n").endMetadata()
        .withNewSpec().withRequest(request(subject)).withSignerName(signer).withUsages(usages)
        .withUsername(user).withGroups(groups).endSpec().build();
  }

  private static final List<String> USAGES = List.of("digital signature", "client auth");
  private static final List<String> BOOTSTRAP = List.of("system:bootstrappers", "system:authenticated");

  @Test
  void bootstrapTokenRequestForANodeIsNodeclient() throws Exception {
    assertThat(NodeClientRequest.of(csr("CN=system:node:w1,O=system:nodes", NodeClientRequest.SIGNER, USAGES,
        "system:bootstrap:abcdef", BOOTSTRAP))).contains(new NodeClientRequest("w1", "nodeclient"));
  }

  @Test
  void aNodeRenewingItsOwnIsSelfnodeclient() throws Exception {
    assertThat(NodeClientRequest.of(csr("CN=system:node:w1,O=system:nodes", NodeClientRequest.SIGNER, USAGES,
        "system:node:w1", List.of("system:nodes")))).contains(new NodeClientRequest("w1", "selfnodeclient"));
    assertThat(NodeClientRequest.of(csr("CN=system:node:w2,O=system:nodes", NodeClientRequest.SIGNER, USAGES,
        "system:node:w1", List.of("system:nodes")))).as("another node's name").isEmpty();
  }

  @Test
  void anythingElseIsLeftForAPerson() throws Exception {
    assertThat(NodeClientRequest.of(csr("CN=system:node:w1,O=system:masters", NodeClientRequest.SIGNER, USAGES,
        "system:bootstrap:abcdef", BOOTSTRAP))).as("extra group").isEmpty();
    assertThat(NodeClientRequest.of(csr("CN=alice,O=system:nodes", NodeClientRequest.SIGNER, USAGES,
        "system:bootstrap:abcdef", BOOTSTRAP))).as("not a node name").isEmpty();
    assertThat(NodeClientRequest.of(csr("CN=system:node:w1,O=system:nodes", "kubernetes.io/kube-apiserver-client", USAGES,
        "system:bootstrap:abcdef", BOOTSTRAP))).as("another signer").isEmpty();
    assertThat(NodeClientRequest.of(csr("CN=system:node:w1,O=system:nodes", NodeClientRequest.SIGNER,
        List.of("digital signature", "server auth"), "system:bootstrap:abcdef", BOOTSTRAP))).as("server usage").isEmpty();
    assertThat(NodeClientRequest.of(csr("CN=system:node:w1,O=system:nodes", NodeClientRequest.SIGNER, USAGES,
        "mallory", List.of("system:authenticated")))).as("not a bootstrap token").isEmpty();
  }
}
