package io.capstan.apiserver.table;

import io.capstan.apiserver.resource.ResourceType;
import java.time.Clock;
import tools.jackson.databind.JsonNode;

/**
 * Finds the {@link TableConvertor} of a resource: Kubernetes' printer columns for the built-in
 * kinds, the additionalPrinterColumns for custom resources.
 *
 * <pre>{@code
 * TableConvertor c = Tables.forResource(type);                        // built-ins
 * TableConvertor cr = Tables.forCustomResource(version.get("additionalPrinterColumns"));
 * }</pre>
 */
public final class Tables {
  private Tables() {}

  private static final Clock SYSTEM = Clock.systemUTC();

  public static TableConvertor forResource(ResourceType type) {
    return forResource(type, SYSTEM);
  }

  /**
   * The convertor of a built-in resource, AGE columns computed at {@code clock}'s now. A
   * resource Kubernetes has no printer for gets NAME, CREATED AT (Kubernetes' default table) when
   * it is a known built-in, else NAME, AGE (the default of a custom resource).
   */
  public static TableConvertor forResource(ResourceType type, Clock clock) {
    return switch (type.group() + "/" + type.plural()) {
      case "/pods" -> PodPrinter.convertor(clock);
      case "/namespaces" -> CorePrinters.namespaces(clock);
      case "/services" -> NetworkPrinters.services(clock);
      case "/endpoints" -> NetworkPrinters.endpoints(clock);
      case "/configmaps" -> CorePrinters.configMaps(clock);
      case "/secrets" -> CorePrinters.secrets(clock);
      case "/serviceaccounts" -> CorePrinters.serviceAccounts(clock);
      case "/nodes" -> CorePrinters.nodes(clock);
      case "/events" -> EventPrinter.coreEvents(clock);
      case "events.k8s.io/events" -> EventPrinter.eventsV1(clock);
      case "/resourcequotas" -> CorePrinters.resourceQuotas(clock);
      case "/persistentvolumeclaims" -> StoragePrinters.persistentVolumeClaims(clock);
      case "/persistentvolumes" -> StoragePrinters.persistentVolumes(clock);
      case "/replicationcontrollers" -> WorkloadPrinters.replicationControllers(clock);
      case "apps/deployments" -> WorkloadPrinters.deployments(clock);
      case "apps/replicasets" -> WorkloadPrinters.replicaSets(clock);
      case "apps/statefulsets" -> WorkloadPrinters.statefulSets(clock);
      case "apps/daemonsets" -> WorkloadPrinters.daemonSets(clock);
      case "apps/controllerrevisions" -> WorkloadPrinters.controllerRevisions(clock);
      case "batch/jobs" -> WorkloadPrinters.jobs(clock);
      case "batch/cronjobs" -> WorkloadPrinters.cronJobs(clock);
      case "coordination.k8s.io/leases" -> ClusterPrinters.leases(clock);
      case "discovery.k8s.io/endpointslices" -> NetworkPrinters.endpointSlices(clock);
      case "scheduling.k8s.io/priorityclasses" -> ClusterPrinters.priorityClasses(clock);
      case "policy/poddisruptionbudgets" -> WorkloadPrinters.podDisruptionBudgets(clock);
      case "/limitranges", "apiextensions.k8s.io/customresourcedefinitions" -> CorePrinters.createdAt(clock);
      case "rbac.authorization.k8s.io/roles", "rbac.authorization.k8s.io/clusterroles" -> CorePrinters.createdAt(clock);
      case "rbac.authorization.k8s.io/rolebindings", "rbac.authorization.k8s.io/clusterrolebindings" ->
          SecurityPrinters.bindings(clock);
      case "certificates.k8s.io/certificatesigningrequests" -> SecurityPrinters.certificateSigningRequests(clock);
      default -> CustomResourceTableConvertor.of(null, clock);
    };
  }

  public static TableConvertor forCustomResource(JsonNode additionalPrinterColumns) {
    return forCustomResource(additionalPrinterColumns, SYSTEM);
  }

  /**
   * NAME plus the CRD version's printer columns, or NAME, AGE when it has none.
   *
   * @param additionalPrinterColumns {@code spec.versions[i].additionalPrinterColumns}, may be null
   * @throws IllegalArgumentException when a column's JSONPath cannot be parsed
   */
  public static TableConvertor forCustomResource(JsonNode additionalPrinterColumns, Clock clock) {
    return CustomResourceTableConvertor.of(additionalPrinterColumns, clock);
  }
}
