package io.capstan.apiserver.web;

import io.capstan.apiserver.query.FieldSelector;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.selector.LabelSelector;
import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code labelSelector} and {@code fieldSelector} of a request as one predicate; bad syntax is a 400. */
@Component
public class SelectorFilter {

  public Predicate<ObjectNode> filter(HttpServletRequest req, ResourceType type) {
    String labels = req.getParameter("labelSelector");
    String fields = req.getParameter("fieldSelector");
    Predicate<ObjectNode> p = o -> true;
    if (labels != null && !labels.isBlank()) {
      LabelSelector selector = LabelSelector.parse(labels);
      p = p.and(o -> selector.matches(labelsOf(o)));
    }
    if (fields != null && !fields.isBlank()) {
      FieldSelector selector = FieldSelector.parse(fields);
      selector.validate(type.group(), type.plural());
      p = p.and(o -> selector.matches(o, type.group(), type.plural()));
    }
    return p;
  }

  static Map<String, String> labelsOf(JsonNode obj) {
    Map<String, String> out = new HashMap<>();
    JsonNode labels = obj.path("metadata").path("labels");
    if (labels.isObject()) {
      for (String k : labels.propertyNames()) out.put(k, labels.get(k).asString());
    }
    return out;
  }
}
