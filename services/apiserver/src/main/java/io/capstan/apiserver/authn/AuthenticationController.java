package io.capstan.apiserver.authn;

import io.capstan.apiserver.security.AuthenticationException;
import io.capstan.apiserver.security.AuthenticationFilter;
import io.capstan.apiserver.security.RequestAuthenticator;
import io.capstan.apiserver.security.UserInfo;
import io.capstan.apiserver.web.ObjectResponder;
import io.capstan.apiserver.web.RequestBodies;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * authentication.k8s.io/v1: SelfSubjectReview ({@code kubectl auth whoami}) and TokenReview (a
 * component asks who a bearer token belongs to). Never stored.
 */
@RestController
public class AuthenticationController {
  private static final String BASE = "/apis/authentication.k8s.io/v1";
  private final RequestAuthenticator authenticator;
  private final ServiceAccountTokenAuthenticator serviceAccounts;

  public AuthenticationController(RequestAuthenticator authenticator, ServiceAccountTokenAuthenticator serviceAccounts) {
    this.authenticator = authenticator;
    this.serviceAccounts = serviceAccounts;
  }

  @PostMapping(BASE + "/selfsubjectreviews")
  public void selfSubjectReview(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ObjectNode review = body(req, "SelfSubjectReview");
    review.putObject("status").set("userInfo", userInfo(AuthenticationFilter.user(req)));
    ObjectResponder.write(resp, 201, review);
  }

  @PostMapping(BASE + "/tokenreviews")
  public void tokenReview(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    ObjectNode review = body(req, "TokenReview");
    String token = review.path("spec").path("token").asString("");
    if (token.isEmpty()) {
      throw ApiException.invalid("authentication.k8s.io", "TokenReview", "",
          List.of(new ApiException.Cause("FieldValueRequired", "Required value", "spec.token")));
    }
    List<String> audiences = new ArrayList<>();
    review.path("spec").path("audiences").forEach(a -> audiences.add(a.asString()));
    ObjectNode status = review.putObject("status");
    try {
      UserInfo user = !audiences.isEmpty() && serviceAccounts.recognizes(token)
          ? serviceAccounts.authenticate(token, audiences) : authenticator.authenticateToken(token);
      status.put("authenticated", true);
      status.set("user", userInfo(user.withAuthenticatedGroup()));
      ArrayNode aud = status.putArray("audiences");
      audiences.forEach(aud::add);
    } catch (AuthenticationException e) {
      status.put("authenticated", false);
      status.put("error", e.getMessage());
    }
    // The token is a secret: never echo it back.
    ((ObjectNode) review.get("spec")).remove("token");
    ObjectResponder.write(resp, 201, review);
  }

  static ObjectNode userInfo(UserInfo user) {
    ObjectNode u = Json.object();
    u.put("username", user.name());
    if (!user.uid().isEmpty()) u.put("uid", user.uid());
    ArrayNode groups = u.putArray("groups");
    user.groups().forEach(groups::add);
    if (!user.extra().isEmpty()) {
      ObjectNode extra = u.putObject("extra");
      user.extra().forEach((k, v) -> {
        ArrayNode a = extra.putArray(k);
        v.forEach(a::add);
      });
    }
    return u;
  }

  static ObjectNode body(HttpServletRequest req, String kind) {
    byte[] raw = RequestBodies.read(req);
    ObjectNode body = raw.length == 0 ? Json.object() : RequestBodies.object(req, raw);
    String bodyKind = body.path("kind").asString("");
    if (!bodyKind.isEmpty() && !bodyKind.equals(kind)) {
      throw ApiException.badRequest("the body is a " + bodyKind + ", expected " + kind);
    }
    body.put("kind", kind);
    body.put("apiVersion", "authentication.k8s.io/v1");
    Json.objectAt(body, "metadata").putNull("creationTimestamp");
    if (!body.has("spec") || !body.get("spec").isObject()) body.putObject("spec");
    return body;
  }
}
