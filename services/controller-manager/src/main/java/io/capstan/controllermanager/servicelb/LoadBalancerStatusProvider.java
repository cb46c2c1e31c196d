package io.capstan.controllermanager.servicelb;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import java.util.List;

/**
 * Where a LoadBalancer Service is reachable from outside (a cloud provider's load balancer in
 * Kubernetes). Pluggable so a real load balancer can replace {@link NodePortLoadBalancer}.
 */
public interface LoadBalancerStatusProvider {
  /** The ingress points of {@code service}, in a stable order; empty while there are none (EXTERNAL-IP stays pending). */
  List<LoadBalancerIngress> ingress(Service service);
}
