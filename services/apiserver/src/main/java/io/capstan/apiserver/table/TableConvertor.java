package io.capstan.apiserver.table;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Turns objects of one kind into the rows of a {@code meta.k8s.io/v1 Table}, with the columns
 * Kubernetes' own printers use, so kubectl prints what it prints against Kubernetes.
 * Implementations are stateless and thread-safe. Obtain one from {@link Tables}.
 */
public interface TableConvertor {

  /** One column; priority 0 always shows, priority 1 only with {@code -o wide}. */
  record Column(String name, String type, String format, String description, int priority) {}

  /** A row condition ({@code rows[].conditions}), e.g. Completed for finished pods. */
  record RowCondition(String type, String status, String reason, String message) {}

  List<Column> columns();

  /**
   * Cells for one object, in column order (String, Long/Integer, Boolean, Double or null). Like
   * the Kubernetes API server, cells always include the wide (priority 1) columns.
   */
  List<Object> cells(JsonNode object);

  /** Conditions of the row for {@code object}; most kinds have none. */
  default List<RowCondition> conditions(JsonNode object) {
    return List.of();
  }
}
