package io.capstan.apiserver.web;

import io.capstan.apiserver.resource.ResourceCatalog.Served;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Renders objects of one kind as a {@code meta.k8s.io/v1 Table} for kubectl's Table Accept header. */
public interface TableRenderer {

  /**
   * @param includeObject the {@code includeObject} query value (None, Metadata, Object), null for Metadata
   * @param withColumns false after the first event of a watch (columnDefinitions then stay empty)
   */
  ObjectNode render(Served served, List<ObjectNode> objects, String resourceVersion, String continueToken,
      Long remaining, String includeObject, boolean withColumns);
}
