package io.capstan.apiserver.authz;

/** One authorization mode (Kubernetes' {@code authorizer.Authorizer}). Must be thread-safe and fast. */
public interface Authorizer {
  Decision authorize(Attributes attributes);
}
