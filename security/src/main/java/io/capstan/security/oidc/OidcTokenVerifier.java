package io.capstan.security.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies OpenID Connect ID tokens as kube-apiserver's OIDC authenticator does: a JWT whose
 * {@code iss} is the configured issuer is this verifier's; any other token is not (empty). Ours must be
 * signed (RS/PS/ES, never {@code none} or HMAC) by a key of the issuer's JWKS, name the client ID
 * in {@code aud}, and be unexpired; the user name is the configured claim with its prefix, and the
 * groups claim (a string or a list) gives the groups with theirs.
 */
public final class OidcTokenVerifier {
  private static final Logger log = LoggerFactory.getLogger(OidcTokenVerifier.class);
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
      JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
  /** Clock skew tolerated on nbf and iat (go-oidc's). */
  private static final long LEEWAY_SECONDS = 300;

  private final OidcSettings settings;
  private final IssuerKeys keys;
  private final Clock clock;

  public OidcTokenVerifier(OidcSettings settings, IssuerKeys keys, Clock clock) {
    this.settings = settings;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * @return the identity, or empty when the token is not a JWT of this issuer
   * @throws InvalidTokenException when it is the issuer's but fails a check
   */
  public Optional<OidcIdentity> verify(String token) {
    return verify(token, null);
  }

  /**
   * Like {@link #verify(String)}, and the token must carry {@code nonce} (the value a login
   * started with, so a token issued for another login cannot be replayed); null skips the check.
   */
  public Optional<OidcIdentity> verify(String token, String nonce) {
    JWT parsed;
    JWTClaimsSet claims;
    try {
      parsed = JWTParser.parse(token);
      claims = parsed.getJWTClaimsSet();
    } catch (ParseException e) {
      return Optional.empty();
    }
    if (!settings.issuerUrl().equals(claims.getIssuer())) return Optional.empty();
    if (!(parsed instanceof SignedJWT jwt)) throw new InvalidTokenException("oidc: token is not signed");
    verifySignature(jwt);
    checkTimes(claims);
    if (claims.getAudience() == null || !claims.getAudience().contains(settings.clientId())) {
      throw new InvalidTokenException("oidc: expected audience \"" + settings.clientId() + "\" got " + claims.getAudience());
    }
    if (nonce != null && !nonce.equals(claims.getClaim("nonce"))) {
      throw new InvalidTokenException("oidc: the token's nonce does not match the login's");
    }
    return Optional.of(new OidcIdentity(username(claims), groups(claims), claims.getExpirationTime().toInstant()));
  }

  private void verifySignature(SignedJWT jwt) {
    JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
    if (!ALGORITHMS.contains(alg)) throw new InvalidTokenException("oidc: unsupported signing algorithm " + alg);
    String kid = jwt.getHeader().getKeyID();
    JWK jwk;
    try {
      jwk = (kid == null ? keys.onlyKey() : keys.key(kid))
          .orElseThrow(() -> new InvalidTokenException("oidc: no key of the issuer matches kid " + kid));
    } catch (IOException e) {
      // The issuer is unreachable: the token cannot be verified, which is a 401 (Kubernetes does the same).
      log.warn("cannot fetch the OIDC issuer's keys: {}", e.getMessage());
      throw new InvalidTokenException("oidc: cannot fetch the issuer's keys");
    }
    try {
      if (!(jwk instanceof AsymmetricJWK asymmetric)) throw new InvalidTokenException("oidc: the issuer's key is not asymmetric");
      Key key = asymmetric.toPublicKey();
      JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), key);
      if (!jwt.verify(verifier)) throw new InvalidTokenException("oidc: invalid token signature");
    } catch (JOSEException e) {
      throw new InvalidTokenException("oidc: cannot verify the token: " + e.getMessage());
    }
  }

  private void checkTimes(JWTClaimsSet claims) {
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null || !exp.toInstant().isAfter(now)) throw new InvalidTokenException("oidc: token is expired");
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().isAfter(now.plusSeconds(LEEWAY_SECONDS))) {
      throw new InvalidTokenException("oidc: token is not valid yet");
    }
  }

  private String username(JWTClaimsSet claims) {
    Object value = claims.getClaim(settings.usernameClaim());
    if (!(value instanceof String name) || name.isEmpty()) {
      throw new InvalidTokenException("oidc: claim " + settings.usernameClaim() + " is missing or not a string");
    }
    if ("email".equals(settings.usernameClaim())) {
      // Kubernetes trusts an email only when the issuer has not said it is unverified.
      Object verified = claims.getClaim("email_verified");
      if (verified != null && !Boolean.TRUE.equals(verified)) {
        throw new InvalidTokenException("oidc: email not verified");
      }
    }
    return settings.effectiveUsernamePrefix() + name;
  }

  private List<String> groups(JWTClaimsSet claims) {
    if (settings.groupsClaim().isEmpty()) return List.of();
    Object value = claims.getClaim(settings.groupsClaim());
    List<String> out = new ArrayList<>();
    if (value instanceof String g) {
      out.add(settings.groupsPrefix() + g);
    } else if (value instanceof List<?> list) {
      for (Object g : list) {
        if (!(g instanceof String s)) throw new InvalidTokenException("oidc: groups claim holds a non-string");
        out.add(settings.groupsPrefix() + s);
      }
    } else if (value != null) {
      throw new InvalidTokenException("oidc: groups claim is neither a string nor a list");
    }
    return out;
  }
}
