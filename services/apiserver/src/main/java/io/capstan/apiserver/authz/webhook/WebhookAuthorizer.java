package io.capstan.apiserver.authz.webhook;

import io.capstan.apiserver.authz.Attributes;
import io.capstan.apiserver.authz.Authorizer;
import io.capstan.apiserver.authz.Decision;
import io.capstan.apiserver.webhook.TtlCache;
import io.capstan.apiserver.webhook.WebhookClient;
import io.capstan.model.Json;
import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asks a remote SubjectAccessReview webhook (kube-apiserver's {@code --authorization-webhook-config-file}):
 * {@code allowed} allows, {@code denied} denies, anything else is no opinion and the chain goes on.
 * Answers are cached per review ({@code authorized-ttl} five minutes, {@code unauthorized-ttl} thirty
 * seconds, Kubernetes' defaults). A failed call is no opinion, so a down webhook never allows.
 */
public final class WebhookAuthorizer implements Authorizer {
  private static final Logger log = LoggerFactory.getLogger(WebhookAuthorizer.class);

  private final WebhookClient client;
  private final TtlCache<Decision> cache;
  private final Duration authorizedTtl;
  private final Duration unauthorizedTtl;

  public WebhookAuthorizer(WebhookClient client, java.time.Clock clock, Duration authorizedTtl, Duration unauthorizedTtl) {
    this.client = client;
    this.cache = new TtlCache<>(clock, 10_000);
    this.authorizedTtl = authorizedTtl;
    this.unauthorizedTtl = unauthorizedTtl;
  }

  @Override
  public Decision authorize(Attributes a) {
    ObjectNode review = review(a);
    String key = Json.MAPPER.writeValueAsString(review);
    return cache.get(key).orElseGet(() -> {
      JsonNode status;
      try {
        status = client.post(review).path("status");
      } catch (IOException e) {
        log.warn("authorization webhook failed: {}", e.getMessage());
        return Decision.noOpinion("webhook: " + e.getMessage());
      }
      String reason = status.path("reason").asString("");
      Decision d = status.path("allowed").asBoolean(false) ? Decision.allow(reason)
          : status.path("denied").asBoolean(false) ? Decision.deny(reason) : Decision.noOpinion(reason);
      cache.put(key, d, d.allowed() ? authorizedTtl : unauthorizedTtl);
      return d;
    });
  }

  static ObjectNode review(Attributes a) {
    ObjectNode review = Json.object();
    review.put("apiVersion", "authorization.k8s.io/v1");
    review.put("kind", "SubjectAccessReview");
    ObjectNode spec = review.putObject("spec");
    spec.put("user", a.user().name());
    if (!a.user().uid().isEmpty()) spec.put("uid", a.user().uid());
    ArrayNode groups = spec.putArray("groups");
    a.user().groups().forEach(groups::add);
    if (!a.user().extra().isEmpty()) {
      ObjectNode extra = spec.putObject("extra");
      a.user().extra().forEach((k, v) -> v.forEach(extra.withArray(k)::add));
    }
    if (a.resourceRequest()) {
      ObjectNode r = spec.putObject("resourceAttributes");
      r.put("namespace", a.namespace());
      r.put("verb", a.verb());
      r.put("group", a.group());
      r.put("resource", a.resource());
      r.put("subresource", a.subresource());
      r.put("name", a.name());
    } else {
      ObjectNode n = spec.putObject("nonResourceAttributes");
      n.put("path", a.path());
      n.put("verb", a.verb());
    }
    return review;
  }
}
