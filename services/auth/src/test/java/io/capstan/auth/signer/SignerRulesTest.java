package io.capstan.auth.signer;

import io.capstan.security.pki.CsrRules;
import io.capstan.testing.TestCsrs;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import org.junit.jupiter.api.Test;

/** The signers' rules and the certificates they issue. */
class SignerRulesTest {

  private static CertificateSigningRequest csr(String signer, String... conditions) {
    CertificateSigningRequestBuilder b = new CertificateSigningRequestBuilder().withNewSpec().withSignerName(signer).endSpec()
        .withNewStatus().endStatus();
    for (String type : conditions) b.editStatus().addNewCondition().withType(type).withStatus("True").endCondition().endStatus();
    return b.build();
  }

  @Test
  void signerRulesFollowKubernetes() throws Exception {
    KeyPair k = TestCsrs.keys();
    PKCS10CertificationRequest user = TestCsrs.csr("CN=manoj,O=dev", k);
    PKCS10CertificationRequest node = TestCsrs.csr("CN=system:node:n1,O=system:nodes", k, new GeneralName(GeneralName.dNSName, "n1"));
    PKCS10CertificationRequest nodeWithEmail = TestCsrs.csr("CN=system:node:n1,O=system:nodes", k,
        new GeneralName(GeneralName.rfc822Name, "a@b.c"));

    assertThat(CsrRules.check(CsrRules.CLIENT, user, List.of("client auth", "digital signature"))).isNull();
    assertThat(CsrRules.check(CsrRules.CLIENT, user, List.of("server auth"))).contains("not allowed");
    assertThat(CsrRules.check(CsrRules.CLIENT, user, List.of("digital signature"))).contains("requires the \"client auth\"");
    assertThat(CsrRules.check(CsrRules.KUBELET_SERVING, user, List.of("server auth"))).contains("CN=system:node:");
    assertThat(CsrRules.check(CsrRules.KUBELET_SERVING, node, List.of("server auth", "key encipherment"))).isNull();
    assertThat(CsrRules.check(CsrRules.KUBELET_SERVING, nodeWithEmail, List.of("server auth"))).contains("DNS and IP");
    assertThat(CsrRules.parse(TestCsrs.base64Pem(user)).getSubject().toString()).isEqualTo("CN=manoj,O=dev");
  }

  @Test
  void issuedCertificatesChainToTheCaAndKeepTheSubject() throws Exception {
    KeyPair caKeys = TestCsrs.keys();
    Instant now = Instant.parse("2026-06-01T00:00:00Z");
    X509Certificate ca = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
        new X500Name("CN=capstan-ca"), BigInteger.ONE, Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(30))),
        new X500Name("CN=capstan-ca"), caKeys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    CertificateIssuer issuer = new CertificateIssuer(ca, caKeys.getPrivate());

    X509Certificate cert = issuer.issue(TestCsrs.csr("CN=manoj,O=dev", TestCsrs.keys()), new CertificateIssuer.Profile(true, false, false),
        Duration.ofDays(365), now);

    cert.verify(ca.getPublicKey());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("O=dev,CN=manoj");
    assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    assertThat(cert.getBasicConstraints()).isEqualTo(-1);
    // never past the CA's own expiry
    assertThat(cert.getNotAfter()).isEqualTo(ca.getNotAfter());
    assertThat(SignerRules.needsSigning(csr("kubernetes.io/kube-apiserver-client", "Approved"))).isTrue();
    assertThat(SignerRules.needsSigning(csr("example.com/other", "Approved"))).isFalse();
    assertThat(SignerRules.needsSigning(csr("kubernetes.io/kubelet-serving", "Approved", "Failed"))).isFalse();
    assertThat(SignerRules.needsSigning(csr("kubernetes.io/kubelet-serving"))).isFalse();
  }
}
