package io.capstan.apiserver.authn;

import io.capstan.model.ApiException;
import io.capstan.apiserver.authz.node.NodeAuthorizer;
import io.capstan.apiserver.security.AuthenticationFilter;
import io.capstan.apiserver.web.ObjectResponder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The TokenRequest API ({@code POST .../serviceaccounts/<name>/token}, {@code kubectl create
 * token}): a JWT for an existing service account with the requested audiences (default: the API
 * server's) and lifetime (default 1 h, at least 10 min, at most 48 h), optionally bound to a Pod
 * or Secret whose deletion revokes it. The filter already authorized {@code create
 * serviceaccounts/token}; a node (whose service accounts the Node authorizer limits to those of its
 * pods) must also bind the token to one of its own pods.
 */
@RestController
public class TokenRequestController {
  static final long DEFAULT_SECONDS = 3600;
  static final long MIN_SECONDS = 600;
  static final long MAX_SECONDS = 48 * 3600;
  private static final Set<String> BINDABLE = Set.of("Pod", "Secret");

  private final ServiceAccountTokens tokens;
  private final StoredObjects objects;
  private final Clock clock;

  public TokenRequestController(ServiceAccountTokens tokens, StoredObjects objects, Clock clock) {
    this.tokens = tokens;
    this.objects = objects;
    this.clock = clock;
  }

  @PostMapping("/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token")
  public void create(@PathVariable String namespace, @PathVariable String name, HttpServletRequest req,
      HttpServletResponse resp) throws IOException {
    ObjectNode request = AuthenticationController.body(req, "TokenRequest");
    ObjectNode spec = (ObjectNode) request.get("spec");
    // Admission (NodeRestriction) comes before storage, as in Kubernetes.
    Optional<String> node = NodeAuthorizer.nodeOf(AuthenticationFilter.user(req));
    if (node.isPresent()) restrictToOwnPods(node.get(), namespace, name, spec.path("boundObjectRef"));
    ObjectNode sa = objects.get("", "serviceaccounts", namespace, name)
        .orElseThrow(() -> ApiException.notFound("", "serviceaccounts", name));
    long seconds = spec.path("expirationSeconds").isNumber() ? spec.path("expirationSeconds").asLong() : DEFAULT_SECONDS;
    if (seconds < MIN_SECONDS) throw invalid("spec.expirationSeconds", "may not specify a duration less than 10 minutes");
    if (seconds > MAX_SECONDS) seconds = MAX_SECONDS;
    List<String> audiences = new ArrayList<>();
    spec.path("audiences").forEach(a -> audiences.add(a.asString()));
    if (audiences.isEmpty()) {
      audiences.add(tokens.issuer());
      ArrayNode a = spec.putArray("audiences");
      a.add(tokens.issuer());
    }
    String boundKind = null;
    String boundName = null;
    String boundUid = null;
    JsonNode ref = spec.path("boundObjectRef");
    if (ref.isObject()) {
      String kind = ref.path("kind").asString("");
      if (!BINDABLE.contains(kind)) throw invalid("spec.boundObjectRef.kind", "supported values: \"Pod\", \"Secret\"");
      boundName = ref.path("name").asString("");
      if (boundName.isEmpty()) throw invalid("spec.boundObjectRef.name", "Required value");
      String plural = kind.equals("Pod") ? "pods" : "secrets";
      String bn = boundName;
      ObjectNode bound = objects.get("", plural, namespace, boundName)
          .orElseThrow(() -> ApiException.notFound("", plural, bn));
      boundUid = bound.path("metadata").path("uid").asString("");
      String wantUid = ref.path("uid").asString("");
      if (!wantUid.isEmpty() && !wantUid.equals(boundUid)) {
        throw new ApiException(409, "Conflict", "the UID in the bound object reference (" + wantUid
            + ") does not match the UID in record (" + boundUid + "). The object might have been deleted and then recreated");
      }
      boundKind = kind;
      ((ObjectNode) ref).put("uid", boundUid);
      ((ObjectNode) ref).put("apiVersion", "v1");
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    Instant expires = now.plusSeconds(seconds);
    String token = tokens.issue(new ServiceAccountTokens.Claims(namespace, name,
        sa.path("metadata").path("uid").asString(""), boundKind, boundName, boundUid, audiences, expires, null), now);
    spec.put("expirationSeconds", seconds);
    request.put("apiVersion", "authentication.k8s.io/v1");
    ObjectNode md = (ObjectNode) request.get("metadata");
    md.put("name", name);
    md.put("namespace", namespace);
    ObjectNode status = request.putObject("status");
    status.put("token", token);
    status.put("expirationTimestamp", expires.toString());
    ObjectResponder.write(resp, 201, request);
  }

  /**
   * Kubernetes' NodeRestriction admission for TokenRequests: a node may only ask for tokens bound
   * (by name and uid) to a pod scheduled on it, so a node cannot mint long-lived or foreign tokens.
   */
  private void restrictToOwnPods(String node, String namespace, String name, JsonNode ref) {
    if (!ref.isObject() || !"Pod".equals(ref.path("kind").asString("")) || ref.path("name").asString("").isEmpty()
        || !"v1".equals(ref.path("apiVersion").asString("v1"))) {
      throw forbidden(name, "node requested token not bound to a pod");
    }
    String uid = ref.path("uid").asString("");
    if (uid.isEmpty()) throw forbidden(name, "node requested token with a pod binding without a uid");
    String podName = ref.path("name").asString();
    ObjectNode pod = objects.get("", "pods", namespace, podName)
        .orElseThrow(() -> ApiException.notFound("", "pods", podName));
    if (!uid.equals(pod.path("metadata").path("uid").asString(""))) {
      throw forbidden(name, "the UID in the bound object reference (" + uid + ") does not match the UID in record. "
          + "The object might have been deleted and then recreated");
    }
    if (!node.equals(pod.path("spec").path("nodeName").asString(""))) {
      throw forbidden(name, "node requested token bound to a pod scheduled on a different node");
    }
  }

  private static ApiException forbidden(String name, String why) {
    return ApiException.forbidden("serviceaccounts \"" + name + "\" is forbidden: " + why);
  }

  private static ApiException invalid(String field, String detail) {
    return ApiException.invalid("authentication.k8s.io", "TokenRequest", "",
        List.of(new ApiException.Cause("FieldValueInvalid", detail, field)));
  }
}
