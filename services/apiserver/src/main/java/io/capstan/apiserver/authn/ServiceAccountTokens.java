package io.capstan.apiserver.authn;

import io.capstan.apiserver.security.AuthenticationException;
import io.capstan.model.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Service-account JWTs as Kubernetes issues them for the TokenRequest API: ES256, claims
 * {@code iss, sub, aud, exp, iat, nbf, jti} and the private {@code kubernetes.io} claim naming the
 * namespace, service account and the object the token is bound to. This class only signs and
 * checks signature, issuer and time; whether the bound objects still exist is the authenticator's
 * question.
 */
public final class ServiceAccountTokens {
  public static final String DEFAULT_ISSUER = "https://kubernetes.default.svc.cluster.local";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();
  /** Clock skew tolerated on nbf/iat, as Kubernetes' validator allows. */
  private static final long LEEWAY_SECONDS = 60;

  private final ServiceAccountKey key;
  private final String issuer;

  public ServiceAccountTokens(ServiceAccountKey key, String issuer) {
    this.key = key;
    this.issuer = issuer;
  }

  public String issuer() {
    return issuer;
  }

  /** What a token names: the service account and, for bound tokens, the object it is bound to. */
  public record Claims(String namespace, String serviceAccount, String serviceAccountUid, String boundKind,
      String boundName, String boundUid, List<String> audiences, Instant expires, String id) {}

  public String issue(Claims c, Instant now) {
    ObjectNode header = Json.object();
    header.put("alg", "ES256");
    header.put("kid", key.keyId());
    ObjectNode p = Json.object();
    ArrayNode aud = p.putArray("aud");
    c.audiences().forEach(aud::add);
    p.put("exp", c.expires().getEpochSecond());
    p.put("iat", now.getEpochSecond());
    p.put("iss", issuer);
    p.put("jti", c.id() == null ? UUID.randomUUID().toString() : c.id());
    ObjectNode k8s = p.putObject("kubernetes.io");
    k8s.put("namespace", c.namespace());
    if (c.boundKind() != null) {
      ObjectNode bound = k8s.putObject(c.boundKind().toLowerCase());
      bound.put("name", c.boundName());
      bound.put("uid", c.boundUid());
    }
    ObjectNode sa = k8s.putObject("serviceaccount");
    sa.put("name", c.serviceAccount());
    sa.put("uid", c.serviceAccountUid());
    p.put("nbf", now.getEpochSecond());
    p.put("sub", "system:serviceaccount:" + c.namespace() + ":" + c.serviceAccount());
    String signingInput = B64.encodeToString(Json.MAPPER.writeValueAsBytes(header)) + "."
        + B64.encodeToString(Json.MAPPER.writeValueAsBytes(p));
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initSign(key.privateKey());
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a service account token", e);
    }
  }

  /** True when the token has the shape of a JWT issued by someone (three base64url parts, a JSON header with alg). */
  public static boolean looksLikeJwt(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) return false;
    try {
      JsonNode header = Json.MAPPER.readTree(B64D.decode(parts[0]));
      return header != null && header.has("alg");
    } catch (IllegalArgumentException | JacksonException e) {
      return false;
    }
  }

  /** True when the token is a JWT whose (unverified) {@code iss} is this issuer: only those are ours to judge. */
  public boolean issuedHere(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) return false;
    try {
      return issuer.equals(Json.MAPPER.readTree(B64D.decode(parts[1])).path("iss").asString(""));
    } catch (IllegalArgumentException | JacksonException e) {
      return false;
    }
  }

  /** The verified claims; throws {@link AuthenticationException} for any bad signature, issuer, audience or time. */
  public Claims verify(String token, List<String> acceptedAudiences, Instant now) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3) throw new AuthenticationException("token is not a JWT");
    JsonNode header;
    JsonNode p;
    byte[] signature;
    try {
      header = Json.MAPPER.readTree(B64D.decode(parts[0]));
      p = Json.MAPPER.readTree(B64D.decode(parts[1]));
      signature = B64D.decode(parts[2]);
    } catch (IllegalArgumentException | JacksonException e) {
      throw new AuthenticationException("malformed service account token");
    }
    if (!"ES256".equals(header.path("alg").asString(""))) throw new AuthenticationException("unsupported token algorithm");
    if (!issuer.equals(p.path("iss").asString(""))) throw new AuthenticationException("token issued by another issuer");
    try {
      Signature s = Signature.getInstance("SHA256withECDSAinP1363Format");
      s.initVerify(key.publicKey());
      s.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!s.verify(signature)) throw new AuthenticationException("invalid token signature");
    } catch (java.security.SignatureException e) {
      throw new AuthenticationException("invalid token signature");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot verify a service account token", e);
    }
    long t = now.getEpochSecond();
    if (!p.path("exp").isNumber() || p.path("exp").asLong() <= t) throw new AuthenticationException("token has expired");
    if (p.path("nbf").isNumber() && p.path("nbf").asLong() > t + LEEWAY_SECONDS) throw new AuthenticationException("token is not valid yet");
    List<String> aud = new java.util.ArrayList<>();
    JsonNode a = p.path("aud");
    if (a.isArray()) a.forEach(v -> aud.add(v.asString()));
    else if (a.isString()) aud.add(a.asString());
    if (acceptedAudiences != null && aud.stream().noneMatch(acceptedAudiences::contains)) {
      throw new AuthenticationException("token audiences " + aud + " are not accepted");
    }
    JsonNode k8s = p.path("kubernetes.io");
    String boundKind = null;
    JsonNode bound = null;
    for (String kind : List.of("pod", "secret", "node")) {
      if (k8s.has(kind)) {
        boundKind = kind;
        bound = k8s.get(kind);
        break;
      }
    }
    String ns = k8s.path("namespace").asString("");
    String sa = k8s.path("serviceaccount").path("name").asString("");
    if (ns.isEmpty() || sa.isEmpty()) throw new AuthenticationException("token names no service account");
    return new Claims(ns, sa, k8s.path("serviceaccount").path("uid").asString(""),
        boundKind, bound == null ? null : bound.path("name").asString(""), bound == null ? null : bound.path("uid").asString(""),
        aud, Instant.ofEpochSecond(p.path("exp").asLong()), p.path("jti").asString(""));
  }
}
