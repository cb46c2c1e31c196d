package io.capstan.auth.webhook;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * TokenReview and SubjectAccessReview webhook endpoints for components and the gateway that cannot
 * judge credentials themselves (kube-apiserver's webhook wire format: the review in, the review with
 * a status out). Answers come from the apiserver's own review APIs, so there is one verification
 * code path; this service's identity needs {@code system:auth-delegator}.
 */
@RestController
public class ReviewWebhookController {
  private final KubernetesClient client;

  public ReviewWebhookController(KubernetesClient client) {
    this.client = client;
  }

  @PostMapping("/authenticate")
  public TokenReview authenticate(@RequestBody TokenReview review) {
    TokenReview answer = client.authentication().v1().tokenReviews().create(review);
    // Never echo the token back to the caller.
    if (answer.getSpec() != null) answer.getSpec().setToken(null);
    return answer;
  }

  @PostMapping("/authorize")
  public SubjectAccessReview authorize(@RequestBody SubjectAccessReview review) {
    return client.authorization().v1().subjectAccessReview().create(review);
  }
}
