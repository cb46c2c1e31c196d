package io.capstan.e2e.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.testing.ApiServerProcess;
import java.io.IOException;
import java.math.BigInteger;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * Client certificates at the HTTP level: a valid one names the user; an expired one, or one from
 * another CA claiming {@code system:masters}, is answered 401 as in Kubernetes (the handshake
 * accepts any client certificate and the server's authenticator judges it).
 */
class ClientCertificateE2ETest {

  @Test
  void expiredAndForeignCertificatesAreRefused() throws Exception {
    ApiServerProcess api = ApiServerProcess.shared();
    X509Certificate ca;
    try (var in = Files.newInputStream(api.pki().resolve("ca.crt"))) {
      ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
    PrivateKey caKey = readKey(api);
    Instant now = Instant.now();
    KeyPair keys = keys();

    X509Certificate valid = sign("CN=cert-user,O=dev", keys, ca, caKey, now.minusSeconds(60), now.plusSeconds(3600));
    assertThat(status(api, ca, valid, keys)).isEqualTo(201);

    X509Certificate expired = sign("CN=cert-user,O=system:masters", keys, ca, caKey,
        now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
    assertThat(status(api, ca, expired, keys)).isEqualTo(401);

    KeyPair otherCaKeys = keys();
    X509Certificate otherCa = sign("CN=capstan-ca", otherCaKeys, null, otherCaKeys.getPrivate(), now.minusSeconds(60),
        now.plusSeconds(3600));
    X509Certificate foreign = sign("CN=intruder,O=system:masters", keys, otherCa, otherCaKeys.getPrivate(),
        now.minusSeconds(60), now.plusSeconds(3600));
    assertThat(status(api, ca, foreign, keys)).isEqualTo(401);
  }

  /** The status of a SelfSubjectReview with {@code cert}, or -1 when the TLS handshake refused it. */
  private static int status(ApiServerProcess api, X509Certificate ca, X509Certificate cert, KeyPair keys) throws Exception {
    char[] pass = "p".toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("me", keys.getPrivate(), pass, new X509Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pass);
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    ts.setCertificateEntry("ca", ca);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    HttpClient http = HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1).build();
    HttpRequest req = HttpRequest.newBuilder(api.url().resolve("/apis/authentication.k8s.io/v1/selfsubjectreviews"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}"))
        .build();
    try {
      HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 201) assertThat(r.body()).contains("\"username\":\"cert-user\"");
      if (r.statusCode() == 401) assertThat(r.body()).contains("\"reason\":\"Unauthorized\"");
      return r.statusCode();
    } catch (IOException e) {
      return -1; // the TLS layer refused the certificate
    }
  }

  private static KeyPair keys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  private static X509Certificate sign(String subject, KeyPair subjectKeys, X509Certificate issuer, PrivateKey issuerKey,
      Instant from, Instant to) throws Exception {
    X500Name issuerName = issuer == null ? new X500Name(subject) : X500Name.getInstance(issuer.getSubjectX500Principal().getEncoded());
    return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(issuerName,
        BigInteger.valueOf(System.nanoTime()), Date.from(from), Date.from(to), new X500Name(subject), subjectKeys.getPublic())
        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
  }

  private static PrivateKey readKey(ApiServerProcess api) throws IOException {
    try (PEMParser parser = new PEMParser(Files.newBufferedReader(api.pki().resolve("ca.key")))) {
      Object pem = parser.readObject();
      JcaPEMKeyConverter c = new JcaPEMKeyConverter();
      return pem instanceof PEMKeyPair p ? c.getPrivateKey(p.getPrivateKeyInfo()) : c.getPrivateKey((PrivateKeyInfo) pem);
    }
  }
}
