package io.capstan.security.oidc;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import io.capstan.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The issuer's signing keys: {@code jwks_uri} from {@code <issuer>/.well-known/openid-configuration},
 * then the JWK set, fetched lazily and again whenever a token names a key id the cached set lacks
 * (the issuer rotated its keys). Concurrent misses share one fetch: a caller that waited for the lock
 * first looks whether the set fetched meanwhile has its key.
 */
public final class IssuerKeys {
  private final URI issuer;
  private final HttpClient http;
  private volatile JWKSet keys;
  private volatile URI jwksUri;
  private long generation;

  public IssuerKeys(URI issuer, HttpClient http) {
    this.issuer = issuer;
    this.http = http;
  }

  /** Keys of the settings' issuer over https trusting {@code ca-file} when given (else the JDK's trust store). */
  public static IssuerKeys forSettings(OidcSettings settings) throws IOException {
    return new IssuerKeys(URI.create(settings.issuerUrl()), httpClient(settings));
  }

  /** A client for the settings' issuer: https trusting {@code ca-file} when given, else the JDK's trust store. */
  public static HttpClient httpClient(OidcSettings settings) throws IOException {
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (!settings.caFile().isEmpty()) b.sslContext(trusting(Path.of(settings.caFile())));
    return b.build();
  }

  private static SSLContext trusting(Path caFile) throws IOException {
    try (InputStream in = Files.newInputStream(caFile)) {
      KeyStore ts = KeyStore.getInstance(KeyStore.getDefaultType());
      ts.load(null, null);
      int i = 0;
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) ts.setCertificateEntry("ca" + i++, c);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ts);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot read the OIDC CA file " + caFile + ": " + e.getMessage(), e);
    }
  }

  /** The key with this id, fetching the set again once if the cached one does not hold it. */
  public Optional<JWK> key(String kid) throws IOException {
    JWKSet current = keys;
    long seen;
    synchronized (this) {
      seen = generation;
    }
    if (current != null) {
      JWK k = current.getKeyByKeyId(kid);
      if (k != null) return Optional.of(k);
    }
    synchronized (this) {
      if (generation == seen || keys == null) refresh();
      return Optional.ofNullable(keys.getKeyByKeyId(kid));
    }
  }

  /** A token without a kid: only an issuer with exactly one key can be meant. */
  public Optional<JWK> onlyKey() throws IOException {
    synchronized (this) {
      if (keys == null) refresh();
      return keys.getKeys().size() == 1 ? Optional.of(keys.getKeys().get(0)) : Optional.empty();
    }
  }

  private void refresh() throws IOException {
    if (jwksUri == null) {
      JsonNode discovery = Json.MAPPER.readTree(get(URI.create(stripSlash(issuer.toString()) + "/.well-known/openid-configuration")));
      String uri = discovery.path("jwks_uri").asString("");
      if (uri.isEmpty()) throw new IOException("the issuer's discovery document has no jwks_uri");
      jwksUri = URI.create(uri);
    }
    try {
      keys = JWKSet.parse(get(jwksUri));
    } catch (ParseException e) {
      throw new IOException("unreadable JWK set at " + jwksUri + ": " + e.getMessage(), e);
    }
    generation++;
  }

  private String get(URI uri) throws IOException {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) throw new IOException("GET " + uri + " answered " + r.statusCode());
      return r.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted fetching " + uri, e);
    }
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
