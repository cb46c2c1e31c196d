package io.capstan.apiserver.openapi.v2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * What kubectl does with a decoded {@code openapi.v2.Document}, ported from its Go sources for
 * tests: cli-runtime's {@code supportsQueryParam} (does PATCH of a kind take fieldValidation?) and
 * kube-openapi's {@code pkg/util/proto} {@code NewOpenAPIData}, which rejects the whole document
 * when one definition is a shape it cannot read.
 */
final class KubectlV2Reader {
  private static final Set<String> PRIMITIVES = Set.of("string", "number", "integer", "boolean");

  private KubectlV2Reader() {}

  /** cli-runtime {@code supportsQueryParam}: the first path whose PATCH has the gvk decides. */
  static boolean supportsQueryParam(Pb document, String group, String version, String kind, String param) {
    for (Pb path : document.msg(8).named(2).values()) {
      Pb patch = path.msg(8);
      if (!hasGvkExtension(patch, group, version, kind)) continue;
      for (Pb item : patch.msgs(8)) {
        if (item.msg(1).msg(2).msg(3).str(4).equals(param)) return true;
      }
      return false;
    }
    return false;
  }

  private static boolean hasGvkExtension(Pb operation, String group, String version, String kind) {
    for (Pb ext : operation.msgs(13)) {
      String yaml = ext.msg(2).str(2);
      if (yaml.isEmpty() || !ext.str(1).equals("x-kubernetes-group-version-kind")) continue;
      JsonNode v = io.capstan.model.Json.MAPPER.readTree(yaml);
      return v.path("group").asString("").equals(group) && v.path("version").asString("").equals(version)
          && v.path("kind").asString("").equals(kind);
    }
    return false;
  }

  /** kube-openapi's {@code NewOpenAPIData}: the errors it would stop at (it stops at the first). */
  static List<String> modelErrors(Pb document) {
    Map<String, Pb> definitions = document.msg(9).named(1);
    List<String> errors = new ArrayList<>();
    definitions.forEach((name, schema) -> parse(schema, definitions.keySet(), name, errors));
    return errors;
  }

  private static void parse(Pb s, Set<String> models, String path, List<String> errors) {
    String ref = s.str(1);
    if (s.has(5)) parseYaml(s.msg(5).str(2), path + " default", errors);
    if (!ref.isEmpty()) {
      if (!s.msg(25).named(1).isEmpty()) errors.add(path + ": unallowed embedded type definition");
      if (!s.msg(22).strs(1).isEmpty()) errors.add(path + ": definition reference can't have a type");
      if (!ref.startsWith("#/definitions/")) errors.add(path + ": unallowed reference to non-definition " + ref);
      else if (!models.contains(ref.substring("#/definitions/".length()))) {
        errors.add(path + ": unknown model in reference: " + ref);
      }
      return;
    }
    List<String> types = s.msg(22).strs(1);
    if (types.isEmpty()) {
      if (s.has(25)) kind(s, models, path, errors);
    } else if (types.size() > 1) {
      errors.add(path + ": definitions with multiple types aren't supported");
    } else if (types.get(0).equals("object")) {
      if (s.has(25)) kind(s, models, path, errors);
      else if (s.msg(21).has(1)) parse(s.msg(21).msg(1), models, path, errors);
    } else if (types.get(0).equals("array")) {
      List<Pb> items = s.msg(23).msgs(1);
      if (items.size() != 1) errors.add(path + ": array should have exactly one sub-item");
      else parse(items.get(0), models, path, errors);
    } else if (!PRIMITIVES.contains(types.get(0))) {
      errors.add(path + ": Unknown primitive type: " + types.get(0));
    }
  }

  private static void kind(Pb s, Set<String> models, String path, List<String> errors) {
    s.msg(25).named(1).forEach((field, schema) -> parse(schema, models, path + "." + field, errors));
  }

  private static void parseYaml(String yaml, String path, List<String> errors) {
    try {
      io.capstan.model.Json.MAPPER.readTree(yaml);
    } catch (RuntimeException e) {
      errors.add(path + ": not YAML: " + yaml);
    }
  }
}
