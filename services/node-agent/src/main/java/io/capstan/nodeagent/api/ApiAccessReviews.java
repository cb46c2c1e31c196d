package io.capstan.nodeagent.api;

import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** {@link NodeApiAuthorizer.AccessReviews} as SubjectAccessReviews created through the apiserver. */
public final class ApiAccessReviews implements NodeApiAuthorizer.AccessReviews {
  private final KubernetesClient client;

  public ApiAccessReviews(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public boolean allowed(NodeApiAuthorizer.Attributes a) {
    SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
        .withUser(a.user()).withGroups(a.groups())
        .withNewResourceAttributes().withVerb(a.verb()).withGroup("").withVersion("v1").withResource("nodes")
        .withSubresource(a.subresource()).withName(a.node()).endResourceAttributes()
        .endSpec().build();
    SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(review);
    return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
  }
}
