package io.capstan.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal OpenID Connect issuer on loopback: serves {@code /.well-known/openid-configuration}
 * and its JWK set, and signs RS256 ID tokens with its current key. {@link #rotate()} replaces the
 * key (and the published set) as a real identity provider's rotation does. Counts JWKS fetches, so
 * tests can see that a verifier refetched on an unknown key id.
 */
public final class OidcIssuer implements AutoCloseable {
  private final HttpServer server;
  private volatile RSAKey key;
  private final AtomicInteger jwksFetches = new AtomicInteger();

  public OidcIssuer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    key = newKey();
    server.createContext("/.well-known/openid-configuration", ex -> respond(ex, """
        {"issuer":"%1$s","jwks_uri":"%1$s/keys","id_token_signing_alg_values_supported":["RS256"],
         "response_types_supported":["id_token"],"subject_types_supported":["public"]}""".formatted(url())));
    server.createContext("/keys", ex -> {
      jwksFetches.incrementAndGet();
      respond(ex, new JWKSet(key.toPublicJWK()).toString());
    });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** A new signing key; the old one is no longer published. */
  public void rotate() {
    key = newKey();
  }

  public int jwksFetches() {
    return jwksFetches.get();
  }

  /** An ID token for {@code audience} valid for an hour, with these extra claims. */
  public String idToken(String subject, String audience, Map<String, Object> claims) {
    return sign(subject, url(), audience, Instant.now().plus(Duration.ofHours(1)), claims);
  }

  /** Any token signed with the current key: for wrong issuers, audiences and expired ones. */
  public String sign(String subject, String issuer, String audience, Instant expires, Map<String, Object> claims) {
    return signWith(key, subject, issuer, audience, expires, claims);
  }

  private static String signWith(RSAKey key, String subject, String issuer, String audience, Instant expires,
      Map<String, Object> claims) {
    JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
        .issuer(issuer).subject(subject).audience(List.of(audience))
        .issueTime(Date.from(Instant.now().minusSeconds(5))).expirationTime(Date.from(expires))
        .jwtID(UUID.randomUUID().toString());
    claims.forEach(b::claim);
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), b.build());
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign an ID token", e);
    }
  }

  /** A token signed by a key the issuer never published, under the current key's id. */
  public String forgedToken(String subject, String audience) {
    RSAKey forged = new RSAKey.Builder(newKey()).keyID(key.getKeyID()).build();
    return signWith(forged, subject, url(), audience, Instant.now().plus(Duration.ofHours(1)), Map.of());
  }

  private static RSAKey newKey() {
    try {
      return new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void respond(HttpExchange ex, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, b.length);
    try (var out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
