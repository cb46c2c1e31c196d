package io.capstan.apiserver.authz;

import io.capstan.apiserver.rbac.PolicyRule;
import io.capstan.apiserver.rbac.RbacAuthorizer;
import io.capstan.apiserver.security.AuthenticationFilter;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.apiserver.web.ObjectResponder;
import io.capstan.apiserver.web.RequestBodies;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * authorization.k8s.io/v1 reviews: SelfSubjectAccessReview ({@code kubectl auth can-i}),
 * SelfSubjectRulesReview ({@code kubectl auth can-i --list}), SubjectAccessReview and
 * LocalSubjectAccessReview. They are never stored: the answer is the request with a status. The
 * request filter already authorized {@code create} on the review resource itself.
 */
@RestController
public class ReviewController {
  private static final String BASE = "/apis/authorization.k8s.io/v1";
  private final AuthorizerChain authorizer;
  private final RbacAuthorizer rules;

  public ReviewController(AuthorizerChain authorizer, RbacAuthorizer rules) {
    this.authorizer = authorizer;
    this.rules = rules;
  }

  @PostMapping(BASE + "/selfsubjectaccessreviews")
  public void selfSubjectAccessReview(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ObjectNode review = body(req, "SelfSubjectAccessReview");
    answer(resp, review, AuthenticationFilter.user(req), null);
  }

  @PostMapping(BASE + "/subjectaccessreviews")
  public void subjectAccessReview(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ObjectNode review = body(req, "SubjectAccessReview");
    answer(resp, review, subject(review.path("spec")), null);
  }

  @PostMapping(BASE + "/namespaces/{namespace}/localsubjectaccessreviews")
  public void localSubjectAccessReview(@PathVariable String namespace, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    ObjectNode review = body(req, "LocalSubjectAccessReview");
    String bodyNs = review.path("metadata").path("namespace").asString("");
    if (!bodyNs.isEmpty() && !bodyNs.equals(namespace)) {
      throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    }
    JsonNode spec = review.path("spec");
    if (spec.has("nonResourceAttributes")) {
      throw invalid("LocalSubjectAccessReview", "spec.nonResourceAttributes", "disallowed on this kind of request");
    }
    String attrNs = spec.path("resourceAttributes").path("namespace").asString("");
    if (!attrNs.equals(namespace)) {
      throw invalid("LocalSubjectAccessReview", "spec.resourceAttributes.namespace",
          "must match metadata.namespace");
    }
    Json.objectAt(review, "metadata").put("namespace", namespace);
    answer(resp, review, subject(spec), namespace);
  }

  @PostMapping(BASE + "/selfsubjectrulesreviews")
  public void selfSubjectRulesReview(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ObjectNode review = body(req, "SelfSubjectRulesReview");
    String namespace = review.path("spec").path("namespace").asString("");
    if (namespace.isEmpty()) throw ApiException.badRequest("no namespace on request");
    UserInfo user = AuthenticationFilter.user(req);
    ObjectNode status = review.putObject("status");
    ArrayNode resourceRules = status.putArray("resourceRules");
    ArrayNode nonResourceRules = status.putArray("nonResourceRules");
    // system:masters is allowed by the chain before RBAC; show that as the rule it amounts to.
    List<PolicyRule> held = new ArrayList<>();
    if (user.groups().contains(UserInfo.MASTERS)) {
      held.add(PolicyRule.resources(List.of("*"), List.of("*"), List.of("*")));
      held.add(PolicyRule.urls(List.of("*"), List.of("*")));
    }
    held.addAll(rules.rulesFor(user, namespace));
    for (PolicyRule r : held) {
      if (!r.resources().isEmpty()) {
        ObjectNode o = resourceRules.addObject();
        strings(o, "verbs", r.verbs());
        strings(o, "apiGroups", r.apiGroups());
        strings(o, "resources", r.resources());
        if (!r.resourceNames().isEmpty()) strings(o, "resourceNames", r.resourceNames());
      }
      if (!r.nonResourceURLs().isEmpty()) {
        ObjectNode o = nonResourceRules.addObject();
        strings(o, "verbs", r.verbs());
        strings(o, "nonResourceURLs", r.nonResourceURLs());
      }
    }
    status.put("incomplete", false);
    ObjectResponder.write(resp, 201, review);
  }

  private void answer(HttpServletResponse resp, ObjectNode review, UserInfo user, String requiredNamespace)
      throws IOException {
    JsonNode spec = review.path("spec");
    JsonNode ra = spec.path("resourceAttributes");
    JsonNode nra = spec.path("nonResourceAttributes");
    Attributes a;
    String kind = review.path("kind").asString("");
    if (ra.isObject() && nra.isObject()) {
      throw invalid(kind, "spec.nonResourceAttributes", "cannot be specified in combination with resourceAttributes");
    } else if (ra.isObject()) {
      a = Attributes.resource(user, ra.path("verb").asString(""), ra.path("group").asString(""),
          ra.path("resource").asString(""), ra.path("subresource").asString(""), ra.path("namespace").asString(""),
          ra.path("name").asString(""));
    } else if (nra.isObject()) {
      a = Attributes.nonResource(user, nra.path("verb").asString(""), nra.path("path").asString(""));
    } else {
      throw invalid(kind, "spec.resourceAttributes", "exactly one of nonResourceAttributes or resourceAttributes must be specified");
    }
    Decision d = authorizer.authorize(a);
    ObjectNode status = review.putObject("status");
    status.put("allowed", d.allowed());
    if (d.kind() == Decision.Kind.DENY) status.put("denied", true);
    if (d.reason() != null && !d.reason().isEmpty()) status.put("reason", d.reason());
    ObjectResponder.write(resp, 201, review);
  }

  /** The user a SubjectAccessReview asks about. */
  private static UserInfo subject(JsonNode spec) {
    String user = spec.path("user").asString("");
    List<String> groups = new ArrayList<>();
    spec.path("groups").forEach(g -> groups.add(g.asString()));
    if (user.isEmpty() && groups.isEmpty()) {
      throw invalid("SubjectAccessReview", "spec.user", "at least one of user or group must be specified");
    }
    Map<String, List<String>> extra = new LinkedHashMap<>();
    JsonNode ex = spec.path("extra");
    for (String k : ex.propertyNames()) {
      List<String> values = new ArrayList<>();
      ex.get(k).forEach(v -> values.add(v.asString()));
      extra.put(k, values);
    }
    return new UserInfo(user, spec.path("uid").asString(""), groups, extra);
  }

  static ObjectNode body(HttpServletRequest req, String kind) {
    ObjectNode body = RequestBodies.object(req, RequestBodies.read(req));
    String group = req.getRequestURI().startsWith("/apis/authentication.k8s.io") ? "authentication.k8s.io" : "authorization.k8s.io";
    String bodyKind = body.path("kind").asString("");
    if (!bodyKind.isEmpty() && !bodyKind.equals(kind)) {
      throw ApiException.badRequest("the body is a " + bodyKind + ", expected " + kind);
    }
    body.put("kind", kind);
    body.put("apiVersion", group + "/v1");
    Json.objectAt(body, "metadata").putNull("creationTimestamp");
    return body;
  }

  static ApiException invalid(String kind, String field, String detail) {
    return ApiException.invalid("authorization.k8s.io", kind, "",
        List.of(new ApiException.Cause("FieldValueInvalid", "Invalid value: " + detail, field)));
  }

  private static void strings(ObjectNode o, String field, List<String> values) {
    ArrayNode a = o.putArray(field);
    values.forEach(a::add);
  }
}
