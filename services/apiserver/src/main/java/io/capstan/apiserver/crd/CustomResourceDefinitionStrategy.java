package io.capstan.apiserver.crd;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Validation and defaults of CustomResourceDefinitions (the parts that decide how a kind is served). */
public class CustomResourceDefinitionStrategy implements ResourceStrategy {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

  @Override
  public void applyDefaults(ObjectNode crd) {
    ObjectNode names = Json.objectAt(Json.objectAt(crd, "spec"), "names");
    String kind = Json.text(names, "kind");
    if (kind != null) {
      if (!names.has("listKind")) names.put("listKind", kind + "List");
      if (!names.has("singular")) names.put("singular", kind.toLowerCase());
    }
    ObjectNode spec = Json.objectAt(crd, "spec");
    if (!spec.has("scope")) spec.put("scope", "Namespaced");
    if (spec.path("conversion").isMissingNode()) spec.putObject("conversion").put("strategy", "None");
  }

  @Override
  public List<Cause> validate(ObjectNode crd) {
    List<Cause> errs = new ArrayList<>();
    String group = Json.text(crd, "spec.group");
    String plural = Json.text(crd, "spec.names.plural");
    String kind = Json.text(crd, "spec.names.kind");
    String scope = Json.text(crd, "spec.scope");
    if (group == null || group.isEmpty()) errs.add(required("spec.group"));
    else if (!group.contains(".")) errs.add(invalid("spec.group", group, "should be a domain with at least one dot"));
    if (plural == null || plural.isEmpty()) errs.add(required("spec.names.plural"));
    else if (!DNS_LABEL.matcher(plural).matches()) {
      errs.add(invalid("spec.names.plural", plural, "a lowercase RFC 1123 label must consist of lower case "
          + "alphanumeric characters or '-', and must start and end with an alphanumeric character"));
    }
    if (kind == null || kind.isEmpty()) errs.add(required("spec.names.kind"));
    if (!"Namespaced".equals(scope) && !"Cluster".equals(scope)) {
      errs.add(new Cause("FieldValueNotSupported", "Unsupported value: \"" + scope
          + "\": supported values: \"Cluster\", \"Namespaced\"", "spec.scope"));
    }
    String name = Json.text(crd, "metadata.name");
    if (group != null && plural != null && name != null && !name.equals(plural + "." + group)) {
      errs.add(invalid("metadata.name", name, "must be spec.names.plural+\".\"+spec.group"));
    }
    JsonNode versions = crd.path("spec").path("versions");
    if (!versions.isArray() || versions.isEmpty()) {
      errs.add(invalid("spec.versions", "null", "must have exactly one version marked as storage version"));
    } else {
      int storage = 0;
      for (int i = 0; i < versions.size(); i++) {
        JsonNode v = versions.get(i);
        if (v.path("storage").asBoolean(false)) storage++;
        if (Json.text(v, "name") == null) errs.add(required("spec.versions[" + i + "].name"));
      }
      if (storage != 1) errs.add(invalid("spec.versions", "[...]", "must have exactly one version marked as storage version"));
    }
    return errs;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode crd, ObjectNode old) {
    List<Cause> errs = new ArrayList<>(validate(crd));
    if (!String.valueOf(Json.text(crd, "spec.group")).equals(String.valueOf(Json.text(old, "spec.group")))) {
      errs.add(invalid("spec.group", Json.text(crd, "spec.group"), "field is immutable"));
    }
    return errs;
  }

  private static Cause required(String field) {
    return new Cause("FieldValueRequired", "Required value", field);
  }

  private static Cause invalid(String field, String value, String why) {
    return new Cause("FieldValueInvalid", "Invalid value: \"" + value + "\": " + why, field);
  }
}
