package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;

/** networking.k8s.io/v1 IngressClass: a plain cluster-scoped object without status. */
public class IngressClassStrategy implements ResourceStrategy {
  @Override
  public boolean hasStatus() {
    return false;
  }
}
