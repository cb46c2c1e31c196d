package io.capstan.cli.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.Test;

class CertificateAuthorityTest {

  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";

  private final CertificateAuthority ca =
      CertificateAuthority.create("capstan-ca", Duration.ofDays(3650));

  @Test
  void caIsASelfSignedCaValidForTenYears() throws Exception {
    X509Certificate cert = ca.certificate();

    cert.verify(cert.getPublicKey());
    assertThat(cert.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    assertThat(cert.getKeyUsage()[5]).as("keyCertSign").isTrue();
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=capstan-ca");
    assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
        .isGreaterThan(Duration.ofDays(3649));
  }

  @Test
  void serverCertificateChainsToTheCaAndCarriesItsNames() throws Exception {
    KeyAndCertificate server =
        ca.issueServer(
            "capstan-apiserver",
            List.of("localhost", "kubernetes.default.svc"),
            List.of("127.0.0.1"),
            Duration.ofDays(365));
    X509Certificate cert = server.certificate();

    assertChainsToCa(cert);
    assertThat(cert.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(cert.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
    assertThat(sans(cert))
        .containsExactlyInAnyOrder(
            List.of(2, "localhost"), List.of(2, "kubernetes.default.svc"), List.of(7, "127.0.0.1"));
    assertThat(server.privateKey().getAlgorithm()).isEqualTo("EC");
  }

  @Test
  void clientCertificateNamesUserAndGroup() throws Exception {
    X509Certificate cert =
        ca.issueClient("capstan-admin", List.of("system:masters"), Duration.ofDays(365))
            .certificate();

    assertChainsToCa(cert);
    assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
    String rfc2253 = cert.getSubjectX500Principal().getName(X500Principal.RFC2253);
    assertThat(rfc2253).contains("CN=capstan-admin").contains("O=system:masters");
  }

  private void assertChainsToCa(X509Certificate cert) throws Exception {
    cert.verify(ca.certificate().getPublicKey());
    assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
    PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(ca.certificate(), null)));
    params.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(cert)), params);
  }

  private static Set<List<?>> sans(X509Certificate cert) throws Exception {
    return cert.getSubjectAlternativeNames().stream()
        .map(san -> List.of(san.get(0), san.get(1)))
        .collect(Collectors.toSet());
  }
}
