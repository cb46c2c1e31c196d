package io.capstan.apiserver.resource;

import io.capstan.apiserver.crd.CustomResourceDefinitionStrategy;
import io.capstan.apiserver.strategy.ConfigMapStrategy;
import io.capstan.apiserver.strategy.ControllerRevisionStrategy;
import io.capstan.apiserver.strategy.CronJobStrategy;
import io.capstan.apiserver.strategy.DaemonSetStrategy;
import io.capstan.apiserver.strategy.DeploymentStrategy;
import io.capstan.apiserver.strategy.EndpointSliceStrategy;
import io.capstan.apiserver.strategy.EndpointsStrategy;
import io.capstan.apiserver.strategy.EventStrategy;
import io.capstan.apiserver.strategy.IngressClassStrategy;
import io.capstan.apiserver.strategy.IngressStrategy;
import io.capstan.apiserver.strategy.JobStrategy;
import io.capstan.apiserver.strategy.LeaseStrategy;
import io.capstan.apiserver.strategy.LimitRangeStrategy;
import io.capstan.apiserver.strategy.NamespaceStrategy;
import io.capstan.apiserver.strategy.NetworkPolicyStrategy;
import io.capstan.apiserver.strategy.NodeStrategy;
import io.capstan.apiserver.strategy.PersistentVolumeClaimStrategy;
import io.capstan.apiserver.strategy.PersistentVolumeStrategy;
import io.capstan.apiserver.strategy.PodDisruptionBudgetStrategy;
import io.capstan.apiserver.strategy.PodStrategy;
import io.capstan.apiserver.strategy.PriorityClassStrategy;
import io.capstan.apiserver.strategy.ReplicaSetStrategy;
import io.capstan.apiserver.strategy.ReplicationControllerStrategy;
import io.capstan.apiserver.strategy.ResourceQuotaStrategy;
import io.capstan.apiserver.strategy.SecretStrategy;
import io.capstan.apiserver.strategy.ServiceAccountStrategy;
import io.capstan.apiserver.strategy.ServiceStrategy;
import io.capstan.apiserver.strategy.StatefulSetStrategy;
import io.capstan.apiserver.certificates.CertificateSigningRequestStrategy;
import io.capstan.apiserver.authz.ReviewStrategy;
import io.capstan.apiserver.rbac.RbacStrategy;
import java.util.Map;

/**
 * Maps each built-in resource to its strategy (defaulting and validation per kind, in
 * {@code io.capstan.apiserver.strategy}). Strategies are stateless, so one instance serves all
 * requests. Unknown resources get the default strategy (no rules, with status).
 */
public final class Strategies {
  private Strategies() {}

  private static final ResourceStrategy DEFAULT = new ResourceStrategy() {};

  private static final Map<String, ResourceStrategy> BUILTIN = Map.ofEntries(
      Map.entry("/namespaces", new NamespaceStrategy()),
      Map.entry("/pods", new PodStrategy()),
      Map.entry("/services", new ServiceStrategy()),
      Map.entry("/configmaps", new ConfigMapStrategy()),
      Map.entry("/secrets", new SecretStrategy()),
      Map.entry("/nodes", new NodeStrategy()),
      Map.entry("/events", new EventStrategy(false)),
      Map.entry("/serviceaccounts", new ServiceAccountStrategy()),
      Map.entry("/endpoints", new EndpointsStrategy()),
      Map.entry("/replicationcontrollers", new ReplicationControllerStrategy()),
      Map.entry("/persistentvolumeclaims", new PersistentVolumeClaimStrategy()),
      Map.entry("/persistentvolumes", new PersistentVolumeStrategy()),
      Map.entry("/resourcequotas", new ResourceQuotaStrategy()),
      Map.entry("/limitranges", new LimitRangeStrategy()),
      Map.entry("apps/deployments", new DeploymentStrategy()),
      Map.entry("apps/replicasets", new ReplicaSetStrategy()),
      Map.entry("apps/statefulsets", new StatefulSetStrategy()),
      Map.entry("apps/daemonsets", new DaemonSetStrategy()),
      Map.entry("apps/controllerrevisions", new ControllerRevisionStrategy()),
      Map.entry("batch/jobs", new JobStrategy()),
      Map.entry("batch/cronjobs", new CronJobStrategy()),
      Map.entry("coordination.k8s.io/leases", new LeaseStrategy()),
      Map.entry("discovery.k8s.io/endpointslices", new EndpointSliceStrategy()),
      Map.entry("events.k8s.io/events", new EventStrategy(true)),
      Map.entry("networking.k8s.io/ingresses", new IngressStrategy()),
      Map.entry("networking.k8s.io/ingressclasses", new IngressClassStrategy()),
      Map.entry("networking.k8s.io/networkpolicies", new NetworkPolicyStrategy()),
      Map.entry("policy/poddisruptionbudgets", new PodDisruptionBudgetStrategy()),
      Map.entry("scheduling.k8s.io/priorityclasses", new PriorityClassStrategy()),
      Map.entry("apiextensions.k8s.io/customresourcedefinitions", new CustomResourceDefinitionStrategy()),
      Map.entry("rbac.authorization.k8s.io/roles", new RbacStrategy.RoleStrategy()),
      Map.entry("rbac.authorization.k8s.io/clusterroles", new RbacStrategy.RoleStrategy()),
      Map.entry("rbac.authorization.k8s.io/rolebindings", new RbacStrategy.BindingStrategy(false)),
      Map.entry("rbac.authorization.k8s.io/clusterrolebindings", new RbacStrategy.BindingStrategy(true)),
      Map.entry("certificates.k8s.io/certificatesigningrequests", new CertificateSigningRequestStrategy()),
      Map.entry("authentication.k8s.io/tokenreviews", new ReviewStrategy()),
      Map.entry("authentication.k8s.io/selfsubjectreviews", new ReviewStrategy()),
      Map.entry("authorization.k8s.io/selfsubjectaccessreviews", new ReviewStrategy()),
      Map.entry("authorization.k8s.io/selfsubjectrulesreviews", new ReviewStrategy()),
      Map.entry("authorization.k8s.io/subjectaccessreviews", new ReviewStrategy()),
      Map.entry("authorization.k8s.io/localsubjectaccessreviews", new ReviewStrategy()));

  public static ResourceStrategy forResource(String group, String plural) {
    return BUILTIN.getOrDefault(group + "/" + plural, DEFAULT);
  }
}
