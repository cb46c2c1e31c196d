package io.capstan.apiserver.node;

import io.capstan.apiserver.resource.ResourceType;
import java.util.List;
import java.util.Set;

/**
 * The resources of {@code metrics.k8s.io/v1beta1} (what metrics-server serves): listed in
 * discovery so {@code kubectl top} finds the API, answered by {@link NodeMetricsController} from
 * the node agents' Summary API. They are not stored, watched or in the resource catalog.
 */
public final class MetricsApi {
  public static final String GROUP = "metrics.k8s.io";
  public static final String VERSION = "v1beta1";
  private static final List<String> VERBS = List.of("get", "list");

  private MetricsApi() {}

  public static List<ResourceType> types() {
    return List.of(
        new ResourceType(GROUP, VERSION, "nodes", "NodeMetrics", "NodeMetricsList", "", false, List.of(), List.of(),
            Set.of(), VERBS, "/registry/" + GROUP + "/nodes"),
        new ResourceType(GROUP, VERSION, "pods", "PodMetrics", "PodMetricsList", "", true, List.of(), List.of(),
            Set.of(), VERBS, "/registry/" + GROUP + "/pods"));
  }
}
