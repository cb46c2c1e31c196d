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
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal OpenID Connect issuer on loopback: serves {@code /.well-known/openid-configuration}
 * and its JWK set, and signs RS256 ID tokens with its current key. {@link #rotate()} replaces the
 * key (and the published set) as a real identity provider's rotation does. Counts JWKS fetches, so
 * tests can see that a verifier refetched on an unknown key id.
 *
 * <p>It also runs the authorization code flow (with PKCE S256) for one confidential client: the
 * person "at the login page" is whoever {@link #signInAs} named, {@code /authorize} sends the
 * browser back with a one-time code, and {@code /token} trades it for an ID token carrying the
 * request's nonce — after checking the client's secret, redirect URI and code verifier.
 */
public final class OidcIssuer implements AutoCloseable {
  private final HttpServer server;
  private volatile RSAKey key;
  private final AtomicInteger jwksFetches = new AtomicInteger();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private volatile String clientId = "capstan";
  private volatile String clientSecret = "capstan-secret";
  private volatile String signedInSubject;
  private volatile Map<String, Object> signedInClaims = Map.of();

  /** A code handed out by /authorize, redeemable once. */
  private record Grant(String clientId, String redirectUri, String nonce, String challenge, String subject,
      Map<String, Object> claims) {}

  public OidcIssuer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    key = newKey();
    server.createContext("/.well-known/openid-configuration", ex -> respond(ex, 200, """
        {"issuer":"%1$s","jwks_uri":"%1$s/keys","authorization_endpoint":"%1$s/authorize",
         "token_endpoint":"%1$s/token","id_token_signing_alg_values_supported":["RS256"],
         "response_types_supported":["code","id_token"],"subject_types_supported":["public"],
         "code_challenge_methods_supported":["S256"]}""".formatted(url())));
    server.createContext("/authorize", this::authorize);
    server.createContext("/token", this::token);
    server.createContext("/keys", ex -> {
      jwksFetches.incrementAndGet();
      respond(ex, 200, new JWKSet(key.toPublicJWK()).toString());
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

  /** The client the code flow serves. */
  public void client(String id, String secret) {
    this.clientId = id;
    this.clientSecret = secret;
  }

  /** Who the next logins at {@code /authorize} are, with these extra ID token claims. */
  public void signInAs(String subject, Map<String, Object> claims) {
    this.signedInSubject = subject;
    this.signedInClaims = Map.copyOf(claims);
  }

  private void authorize(HttpExchange ex) throws IOException {
    Map<String, String> q = form(ex.getRequestURI().getRawQuery());
    if (!"code".equals(q.get("response_type")) || !clientId.equals(q.get("client_id")) || q.get("redirect_uri") == null
        || !"S256".equals(q.get("code_challenge_method")) || signedInSubject == null) {
      respond(ex, 400, "{\"error\":\"invalid_request\"}");
      return;
    }
    String code = UUID.randomUUID().toString();
    codes.put(code, new Grant(q.get("client_id"), q.get("redirect_uri"), q.get("nonce"), q.get("code_challenge"),
        signedInSubject, signedInClaims));
    String back = q.get("redirect_uri") + (q.get("redirect_uri").contains("?") ? "&" : "?") + "code=" + enc(code)
        + (q.get("state") == null ? "" : "&state=" + enc(q.get("state")));
    ex.getResponseHeaders().set("Location", back);
    ex.sendResponseHeaders(302, -1);
    ex.close();
  }

  private void token(HttpExchange ex) throws IOException {
    Map<String, String> f = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    Grant g = f.get("code") == null ? null : codes.remove(f.get("code"));
    if (g == null || !"authorization_code".equals(f.get("grant_type")) || !g.redirectUri().equals(f.get("redirect_uri"))) {
      respond(ex, 400, "{\"error\":\"invalid_grant\"}");
      return;
    }
    if (!g.clientId().equals(f.get("client_id")) || !clientSecret.equals(f.get("client_secret"))) {
      respond(ex, 401, "{\"error\":\"invalid_client\"}");
      return;
    }
    if (f.get("code_verifier") == null || !g.challenge().equals(s256(f.get("code_verifier")))) {
      respond(ex, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"PKCE verification failed\"}");
      return;
    }
    Map<String, Object> claims = new HashMap<>(g.claims());
    if (g.nonce() != null) claims.put("nonce", g.nonce());
    String idToken = idToken(g.subject(), g.clientId(), claims);
    respond(ex, 200, "{\"access_token\":\"" + UUID.randomUUID() + "\",\"token_type\":\"Bearer\",\"expires_in\":3600,"
        + "\"id_token\":\"" + idToken + "\"}");
  }

  private static String s256(String verifier) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> form(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) return out;
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0) continue;
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void respond(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, b.length);
    try (var out = ex.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
