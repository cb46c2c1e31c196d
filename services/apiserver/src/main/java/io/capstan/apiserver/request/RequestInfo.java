package io.capstan.apiserver.request;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What a request addresses, parsed from its path the way Kubernetes' {@code RequestInfoFactory}
 * does: authorization, metrics and routing all read this one record.
 *
 * @param resourceRequest false for /version, /healthz, discovery roots and other non-resource paths
 * @param verb Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection
 */
public record RequestInfo(
    boolean resourceRequest,
    String path,
    String verb,
    String group,
    String version,
    String namespace,
    String resource,
    String subresource,
    String name) {

  /** Subresources of a namespace that are not a namespaced resource list (/namespaces/x/status). */
  private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");

  public static RequestInfo parse(String method, String path, boolean watchParam) {
    List<String> parts = new ArrayList<>(Arrays.stream(path.split("/")).filter(p -> !p.isEmpty()).toList());
    String lowerMethod = method.toLowerCase();
    if (parts.isEmpty() || !(parts.get(0).equals("api") || parts.get(0).equals("apis"))) {
      return nonResource(path, lowerMethod);
    }
    boolean core = parts.get(0).equals("api");
    int minParts = core ? 3 : 4; // api/v1/<res> or apis/<g>/<v>/<res>
    if (parts.size() < minParts) return nonResource(path, lowerMethod);
    String group = core ? "" : parts.get(1);
    String version = core ? parts.get(1) : parts.get(2);
    List<String> rest = parts.subList(core ? 2 : 3, parts.size());

    boolean legacyWatchPath = false;
    if (rest.get(0).equals("watch")) { // deprecated /api/v1/watch/... form
      legacyWatchPath = true;
      rest = rest.subList(1, rest.size());
      if (rest.isEmpty()) return nonResource(path, lowerMethod);
    }

    String namespace = null;
    if (rest.get(0).equals("namespaces") && rest.size() > 1) {
      namespace = rest.get(1);
      // /namespaces/<ns>/<resource>... unless the third part is a namespace subresource.
      if (rest.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(rest.get(2))) {
        rest = rest.subList(2, rest.size());
      }
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : null;
    String subresource = rest.size() > 2 ? String.join("/", rest.subList(2, rest.size())) : null;
    if (resource.equals("namespaces") && namespace != null) {
      // /api/v1/namespaces/<name>[/status]: the namespace is the object itself.
      name = namespace;
      namespace = null;
      subresource = rest.size() > 2 ? rest.get(2) : null;
    }

    String verb = switch (lowerMethod) {
      case "post" -> "create";
      case "put" -> "update";
      case "patch" -> "patch";
      case "delete" -> name == null ? "deletecollection" : "delete";
      default -> name == null ? (watchParam || legacyWatchPath ? "watch" : "list")
          : (legacyWatchPath || watchParam ? "watch" : "get");
    };
    return new RequestInfo(true, path, verb, group, version, namespace, resource, subresource, name);
  }

  private static RequestInfo nonResource(String path, String method) {
    return new RequestInfo(false, path, method, null, null, null, null, null, null);
  }

  /** "deployments/scale" or "pods"; for metrics and messages. */
  public String resourceWithSubresource() {
    return subresource == null ? resource : resource + "/" + subresource;
  }
}
