package io.capstan.apiserver.authz;

import io.capstan.apiserver.resource.ResourceStrategy;

/**
 * The review kinds (TokenReview, SelfSubjectReview, the access and rules reviews) are answered by
 * {@link ReviewController} and the authentication controller and never stored; the registry only
 * lists them for discovery and OpenAPI. Their objects carry a status, as in Kubernetes.
 */
public final class ReviewStrategy implements ResourceStrategy {}
