package io.capstan.apiserver.table;

import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Turns objects of one kind into the rows of a {@code meta.k8s.io/v1 Table}, with the columns
 * Kubernetes' own printers use, so kubectl prints what it prints against Kubernetes.
 */
public interface TableConvertor {

  /** One column; priority 0 always shows, priority 1 only with {@code -o wide}. */
  record Column(String name, String type, String format, String description, int priority) {}

  List<Column> columns();

  /** Cells for one object, in column order (String, Long/Integer, Boolean or null). */
  List<Object> cells(JsonNode object);
}
