package io.capstan.apiserver.webhook;

import io.capstan.apiserver.certificates.PemKeys;
import io.capstan.model.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A remote webhook described by a kubeconfig file, as kube-apiserver's
 * {@code --authentication-token-webhook-config-file} and {@code --authorization-webhook-config-file}:
 * the current context's (or the first) cluster gives {@code server} and its CA
 * ({@code certificate-authority[-data]}), the user a client certificate
 * ({@code client-certificate[-data]}, {@code client-key[-data]}) or a bearer {@code token}. Each
 * call POSTs a review object and returns the answered one.
 */
public final class WebhookClient {
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private final URI server;
  private final String token;
  private final HttpClient http;
  private final Duration timeout;

  WebhookClient(URI server, String token, HttpClient http, Duration timeout) {
    this.server = server;
    this.token = token;
    this.http = http;
    this.timeout = timeout;
  }

  public static WebhookClient fromKubeconfig(Path file, Duration timeout) throws IOException {
    JsonNode kc = YAML.readTree(Files.readString(file));
    Path base = file.toAbsolutePath().getParent();
    String context = kc.path("current-context").asString("");
    JsonNode ctx = named(kc.path("contexts"), context).path("context");
    JsonNode cluster = named(kc.path("clusters"), ctx.path("cluster").asString("")).path("cluster");
    JsonNode user = named(kc.path("users"), ctx.path("user").asString("")).path("user");
    String server = cluster.path("server").asString("");
    if (server.isEmpty()) throw new IOException(file + ": the webhook's cluster has no server");
    try {
      SSLContext ssl = SSLContext.getInstance("TLS");
      byte[] ca = bytes(cluster, "certificate-authority", base);
      byte[] cert = bytes(user, "client-certificate", base);
      byte[] key = bytes(user, "client-key", base);
      ssl.init(cert == null ? null : keyManagers(cert, key), ca == null ? null : trustManagers(ca), null);
      HttpClient http = HttpClient.newBuilder().sslContext(ssl).connectTimeout(timeout).build();
      String token = user.path("token").asString("");
      return new WebhookClient(URI.create(server), token.isEmpty() ? null : token, http, timeout);
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": unusable webhook credentials: " + e.getMessage(), e);
    }
  }

  /** POSTs {@code review} and returns the webhook's answer; an error status or unreadable body is an IOException. */
  public ObjectNode post(ObjectNode review) throws IOException {
    HttpRequest.Builder b = HttpRequest.newBuilder(server).timeout(timeout)
        .header("Content-Type", "application/json").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(review)));
    if (token != null) b.header("Authorization", "Bearer " + token);
    try {
      HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      if (r.statusCode() / 100 != 2) throw new IOException("webhook " + server + " answered " + r.statusCode());
      JsonNode answer = Json.MAPPER.readTree(r.body());
      if (!(answer instanceof ObjectNode o)) throw new IOException("webhook " + server + " answered no object");
      return o;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted calling webhook " + server, e);
    } catch (tools.jackson.core.JacksonException e) {
      throw new IOException("webhook " + server + " answered unreadable JSON", e);
    }
  }

  private static JsonNode named(JsonNode list, String name) {
    for (JsonNode n : list) if (name.isEmpty() || name.equals(n.path("name").asString(""))) return n;
    return list.path(0);
  }

  /** {@code <field>-data} (base64) or {@code <field>} (a file, relative to the kubeconfig). */
  private static byte[] bytes(JsonNode node, String field, Path base) throws IOException {
    String data = node.path(field + "-data").asString("");
    if (!data.isEmpty()) return Base64.getDecoder().decode(data);
    String path = node.path(field).asString("");
    return path.isEmpty() ? null : Files.readAllBytes(base.resolve(path));
  }

  private static javax.net.ssl.TrustManager[] trustManagers(byte[] caPem) throws GeneralSecurityException, IOException {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    ts.load(null, null);
    int i = 0;
    Collection<? extends Certificate> cas = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(caPem));
    for (Certificate c : cas) ts.setCertificateEntry("ca" + i++, c);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    return tmf.getTrustManagers();
  }

  private static javax.net.ssl.KeyManager[] keyManagers(byte[] certPem, byte[] keyPem) throws GeneralSecurityException, IOException {
    if (keyPem == null) throw new GeneralSecurityException("client-certificate without client-key");
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(certPem));
    PrivateKey key = PemKeys.parse(keyPem);
    char[] pass = "webhook".toCharArray();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("client", key, pass, new Certificate[] {cert});
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pass);
    return kmf.getKeyManagers();
  }
}
