package io.capstan.apiserver.resource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The resources Capstan serves out of the box, in discovery order. */
public final class BuiltinResources {
  private BuiltinResources() {}

  private static final List<String> ALL = List.of("all");
  private static final List<String> NONE = List.of();
  private static final List<String> READ_ONLY_ISH = ResourceType.ALL_VERBS;

  public static List<ResourceType> all() {
    List<ResourceType> r = new ArrayList<>();
    // core/v1
    ResourceType ns = core("namespaces", "Namespace", false, List.of("ns"), NONE, Set.of("status", "finalize"));
    // Kubernetes serves no deletecollection on namespaces: one request must not wipe a cluster.
    r.add(new ResourceType(ns.group(), ns.version(), ns.plural(), ns.kind(), ns.listKind(), ns.singular(),
        ns.namespaced(), ns.shortNames(), ns.categories(), ns.subresources(),
        List.of("create", "delete", "get", "list", "patch", "update", "watch"), ns.storagePrefix()));
    r.add(core("pods", "Pod", true, List.of("po"), ALL, Set.of("status", "binding", "log", "exec", "portforward", "eviction")));
    r.add(core("services", "Service", true, List.of("svc"), ALL, Set.of("status", "proxy")));
    r.add(core("configmaps", "ConfigMap", true, List.of("cm"), NONE, Set.of()));
    r.add(core("secrets", "Secret", true, NONE, NONE, Set.of()));
    r.add(core("nodes", "Node", false, List.of("no"), NONE, Set.of("status", "proxy")));
    r.add(core("events", "Event", true, List.of("ev"), NONE, Set.of()));
    r.add(core("serviceaccounts", "ServiceAccount", true, List.of("sa"), NONE, Set.of("token")));
    r.add(core("endpoints", "Endpoints", true, List.of("ep"), NONE, Set.of()));
    r.add(core("replicationcontrollers", "ReplicationController", true, List.of("rc"), ALL, Set.of("status", "scale")));
    r.add(core("persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc"), NONE, Set.of("status")));
    r.add(core("persistentvolumes", "PersistentVolume", false, List.of("pv"), NONE, Set.of("status")));
    r.add(core("resourcequotas", "ResourceQuota", true, List.of("quota"), NONE, Set.of("status")));
    r.add(core("limitranges", "LimitRange", true, List.of("limits"), NONE, Set.of()));
    // apps/v1
    r.add(of("apps", "v1", "deployments", "Deployment", true, List.of("deploy"), ALL, Set.of("status", "scale")));
    r.add(of("apps", "v1", "replicasets", "ReplicaSet", true, List.of("rs"), ALL, Set.of("status", "scale")));
    r.add(of("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts"), ALL, Set.of("status", "scale")));
    r.add(of("apps", "v1", "daemonsets", "DaemonSet", true, List.of("ds"), ALL, Set.of("status")));
    r.add(of("apps", "v1", "controllerrevisions", "ControllerRevision", true, NONE, NONE, Set.of()));
    // batch/v1
    r.add(of("batch", "v1", "jobs", "Job", true, NONE, ALL, Set.of("status")));
    r.add(of("batch", "v1", "cronjobs", "CronJob", true, List.of("cj"), ALL, Set.of("status")));
    // autoscaling/v2 is not served; Scale is a subresource answer only.
    r.add(of("coordination.k8s.io", "v1", "leases", "Lease", true, NONE, NONE, Set.of()));
    r.add(of("discovery.k8s.io", "v1", "endpointslices", "EndpointSlice", true, NONE, NONE, Set.of()));
    r.add(of("events.k8s.io", "v1", "events", "Event", true, List.of("ev"), NONE, Set.of()));
    // networking.k8s.io/v1: kubectl apply --prune lists Ingresses by default, so they must be served.
    r.add(of("networking.k8s.io", "v1", "ingresses", "Ingress", true, List.of("ing"), NONE, Set.of("status")));
    r.add(of("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false, NONE, NONE, Set.of()));
    r.add(of("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, List.of("netpol"), NONE, Set.of()));
    r.add(of("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb"), NONE, Set.of("status")));
    r.add(of("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, List.of("pc"), NONE, Set.of()));
    r.add(of("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false,
        List.of("crd", "crds"), NONE, Set.of("status")));
    // rbac.authorization.k8s.io/v1, certificates.k8s.io/v1 and the review APIs (security issue)
    r.add(of("rbac.authorization.k8s.io", "v1", "roles", "Role", true, NONE, NONE, Set.of()));
    r.add(of("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, NONE, NONE, Set.of()));
    r.add(of("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, NONE, NONE, Set.of()));
    r.add(of("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false, NONE, NONE, Set.of()));
    r.add(of("certificates.k8s.io", "v1", "certificatesigningrequests", "CertificateSigningRequest", false,
        List.of("csr"), NONE, Set.of("status", "approval")));
    r.add(review("authentication.k8s.io", "tokenreviews", "TokenReview", false));
    r.add(review("authentication.k8s.io", "selfsubjectreviews", "SelfSubjectReview", false));
    r.add(review("authorization.k8s.io", "localsubjectaccessreviews", "LocalSubjectAccessReview", true));
    r.add(review("authorization.k8s.io", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false));
    r.add(review("authorization.k8s.io", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false));
    r.add(review("authorization.k8s.io", "subjectaccessreviews", "SubjectAccessReview", false));
    return r;
  }

  /** A create-only, never stored review resource (answered by the security package's controllers). */
  private static ResourceType review(String group, String plural, String kind, boolean namespaced) {
    ResourceType t = of(group, "v1", plural, kind, namespaced, NONE, NONE, Set.of());
    return new ResourceType(t.group(), t.version(), t.plural(), t.kind(), t.listKind(), t.singular(), t.namespaced(),
        t.shortNames(), t.categories(), t.subresources(), List.of("create"), t.storagePrefix());
  }

  private static ResourceType core(String plural, String kind, boolean namespaced, List<String> shortNames,
      List<String> categories, Set<String> subresources) {
    return of("", "v1", plural, kind, namespaced, shortNames, categories, subresources);
  }

  private static ResourceType of(String group, String version, String plural, String kind, boolean namespaced,
      List<String> shortNames, List<String> categories, Set<String> subresources) {
    // Core resources keep Kubernetes' historical keys (/registry/pods/...); others are grouped.
    String prefix = "/registry/" + (group.isEmpty() ? "" : group + "/") + plural;
    return new ResourceType(group, version, plural, kind, kind + "List", kind.toLowerCase(), namespaced,
        shortNames, categories, subresources, READ_ONLY_ISH, prefix);
  }
}
