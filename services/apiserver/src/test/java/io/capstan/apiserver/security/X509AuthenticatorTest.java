package io.capstan.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/** Client certificates: CN and O become user and groups; expired and foreign certificates are refused. */
class X509AuthenticatorTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  static KeyPair keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  static X509Certificate cert(String subject, KeyPair subjectKeys, String issuer, KeyPair issuerKeys, Instant from,
      Instant to) throws Exception {
    return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(new X500Name(issuer),
        BigInteger.valueOf(System.nanoTime()), Date.from(from), Date.from(to), new X500Name(subject), subjectKeys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
  }

  @Test
  void subjectBecomesUserAndGroupsAndBadCertificatesAreRefused() throws Exception {
    KeyPair caKeys = keys();
    X509Certificate ca = cert("CN=ca", caKeys, "CN=ca", caKeys, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(10)));
    X509Authenticator auth = new X509Authenticator(ca, Clock.fixed(NOW, ZoneOffset.UTC));
    KeyPair user = keys();

    X509Certificate good = cert("CN=manoj,O=dev,O=qa", user, "CN=ca", caKeys, NOW.minusSeconds(60), NOW.plusSeconds(3600));
    assertThat(auth.authenticate(new X509Certificate[] {good}))
        .contains(new UserInfo("manoj", "", List.of("dev", "qa")));
    assertThat(auth.authenticate(null)).isEqualTo(Optional.empty());

    X509Certificate expired = cert("CN=manoj", user, "CN=ca", caKeys, NOW.minusSeconds(7200), NOW.minusSeconds(60));
    assertThatThrownBy(() -> auth.authenticate(new X509Certificate[] {expired})).isInstanceOf(AuthenticationException.class);

    KeyPair otherCa = keys();
    X509Certificate foreign = cert("CN=manoj,O=system:masters", user, "CN=ca", otherCa, NOW.minusSeconds(60), NOW.plusSeconds(60));
    assertThatThrownBy(() -> auth.authenticate(new X509Certificate[] {foreign})).isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("unknown authority");
  }
}
