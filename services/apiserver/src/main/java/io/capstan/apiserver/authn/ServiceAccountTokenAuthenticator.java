package io.capstan.apiserver.authn;

import io.capstan.apiserver.security.AuthenticationException;
import io.capstan.apiserver.security.TokenAuthenticator;
import io.capstan.apiserver.security.UserInfo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Authenticates service-account JWTs: valid signature, issuer, audience and time, and the service
 * account (and the pod or secret a bound token names) must still exist with the uid in the token —
 * removing any of them revokes the token at once; one being deleted gracefully, a minute after its
 * deletionTimestamp.
 */
public final class ServiceAccountTokenAuthenticator implements TokenAuthenticator {
  static final Duration DELETION_LEEWAY = Duration.ofMinutes(1);
  private final ServiceAccountTokens tokens;
  private final StoredObjects objects;
  private final List<String> apiAudiences;
  private final Clock clock;

  public ServiceAccountTokenAuthenticator(ServiceAccountTokens tokens, StoredObjects objects, List<String> apiAudiences,
      Clock clock) {
    this.tokens = tokens;
    this.objects = objects;
    this.apiAudiences = List.copyOf(apiAudiences);
    this.clock = clock;
  }

  @Override
  public Optional<UserInfo> authenticate(String token) {
    if (!recognizes(token)) return Optional.empty();
    return Optional.of(authenticate(token, apiAudiences));
  }

  /** A JWT of this issuer; another issuer's JWT (an OIDC ID token) is the next authenticator's, as in Kubernetes. */
  public boolean recognizes(String token) {
    return ServiceAccountTokens.looksLikeJwt(token) && tokens.issuedHere(token);
  }

  /** With explicit audiences (TokenReview's spec.audiences). */
  public UserInfo authenticate(String token, List<String> audiences) {
    ServiceAccountTokens.Claims c = tokens.verify(token, audiences, clock.instant());
    ObjectNode sa = live("", "serviceaccounts", c.namespace(), c.serviceAccount(), c.serviceAccountUid(), "service account");
    if (c.boundKind() != null) {
      switch (c.boundKind()) {
        case "pod" -> live("", "pods", c.namespace(), c.boundName(), c.boundUid(), "pod");
        case "secret" -> live("", "secrets", c.namespace(), c.boundName(), c.boundUid(), "secret");
        case "node" -> live("", "nodes", null, c.boundName(), c.boundUid(), "node");
        default -> throw new AuthenticationException("token bound to an unknown kind");
      }
    }
    Map<String, List<String>> extra = new LinkedHashMap<>();
    if ("pod".equals(c.boundKind())) {
      extra.put("authentication.kubernetes.io/pod-name", List.of(c.boundName()));
      extra.put("authentication.kubernetes.io/pod-uid", List.of(c.boundUid()));
    }
    if (!c.id().isEmpty()) extra.put("authentication.kubernetes.io/credential-id", List.of("JTI=" + c.id()));
    return new UserInfo(UserInfo.SERVICE_ACCOUNT_PREFIX + c.namespace() + ":" + c.serviceAccount(),
        sa.path("metadata").path("uid").asString(""),
        List.of("system:serviceaccounts", "system:serviceaccounts:" + c.namespace()), extra);
  }

  private ObjectNode live(String group, String plural, String ns, String name, String uid, String what) {
    ObjectNode o = objects.get(group, plural, ns, name)
        .orElseThrow(() -> new AuthenticationException(what + " " + name + " has been deleted"));
    // As Kubernetes: an object being deleted still vouches for its tokens until a minute (the JWT
    // leeway) past its deletionTimestamp, so a terminating pod's shutdown can still call the API.
    String deletion = o.path("metadata").path("deletionTimestamp").asString("");
    if (!deletion.isEmpty() && Instant.parse(deletion).isBefore(clock.instant().minus(DELETION_LEEWAY))) {
      throw new AuthenticationException(what + " " + name + " is being deleted");
    }
    if (uid != null && !uid.isEmpty() && !uid.equals(o.path("metadata").path("uid").asString(""))) {
      throw new AuthenticationException(what + " " + name + " was recreated (uid mismatch)");
    }
    return o;
  }
}
