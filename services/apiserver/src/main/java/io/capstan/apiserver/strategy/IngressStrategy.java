package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;

/** networking.k8s.io/v1 Ingress: spec and status (load balancer addresses) are separate, no defaults. */
public class IngressStrategy implements ResourceStrategy {}
