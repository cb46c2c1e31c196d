package io.capstan.apiserver.validation;

import io.capstan.apiserver.openapi.SchemaLookup;
import io.capstan.model.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Server-side field validation, the {@code fieldValidation} query parameter of create, update and
 * patch: unknown fields (not in the kind's OpenAPI schema) and duplicate fields (a key repeated in
 * one JSON object) are
 * <ul>
 *   <li>{@code Strict}: rejected with 400 BadRequest, {@code strict decoding error: unknown field
 *       "spec.foo", duplicate field "spec.replicas"} (kubectl sends Strict for create/apply/replace);
 *   <li>{@code Warn} (the default when the parameter is absent): accepted, each problem returned as
 *       a warning for the caller to send as {@code Warning: 299 - "unknown field \"spec.foo\""};
 *   <li>{@code Ignore}: accepted silently.
 * </ul>
 * Kubernetes then stores the object without its unknown fields: {@link #dropUnknownFields} does that.
 */
@Component
public class FieldValidation {
  public static final String STRICT = "Strict";
  public static final String WARN = "Warn";
  public static final String IGNORE = "Ignore";

  private final SchemaLookup schemas;
  private final UnknownFields unknown;

  public FieldValidation(SchemaLookup schemas) {
    this.schemas = schemas;
    this.unknown = new UnknownFields(schemas);
  }

  /**
   * Unknown fields of a decoded object (a patch result, say), handled by {@code mode}; Strict's
   * error is the bare {@code strict decoding error: …} Kubernetes' patch handler returns.
   *
   * @return the warnings to send (Warn), else empty
   */
  public List<String> check(ObjectNode obj, String apiVersion, String kind, String mode) {
    String directive = directive(mode, "PatchOptions");
    if (directive.equals(IGNORE)) return List.of();
    return apply(directive, unknownFields(obj, apiVersion, kind), null);
  }

  /**
   * Duplicate and unknown fields of a create or update body. Strict's error reads as Kubernetes'
   * decoder puts it: {@code Deployment in version "v1" cannot be handled as a Deployment: strict
   * decoding error: unknown field "spec.foo"}.
   *
   * @param raw the JSON body as received (duplicates are only visible there); null to skip them
   */
  public List<String> checkBody(byte[] raw, ObjectNode obj, String apiVersion, String kind, String mode) {
    String directive = directive(mode, "CreateOptions");
    if (directive.equals(IGNORE)) return List.of();
    List<String> problems = new ArrayList<>(raw == null ? List.of() : checkDuplicates(raw));
    problems.addAll(unknownFields(obj, apiVersion, kind));
    String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
    return apply(directive, problems, kind + " in version \"" + version + "\" cannot be handled as a " + kind + ": ");
  }

  /** {@code unknown field "<path>"} for every field the kind's schema does not declare, in document order. */
  public List<String> unknownFields(ObjectNode obj, String apiVersion, String kind) {
    Optional<JsonNode> root = schemas.root(apiVersion, kind);
    if (root.isEmpty()) return List.of();
    List<String> paths = new ArrayList<>();
    unknown.walk(obj, root.get(), "", paths, false);
    return paths.stream().map(p -> "unknown field \"" + p + "\"").toList();
  }

  /** Removes the fields the kind's schema does not declare (Kubernetes never stores them); returns their paths. */
  public List<String> dropUnknownFields(ObjectNode obj, String apiVersion, String kind) {
    Optional<JsonNode> root = schemas.root(apiVersion, kind);
    if (root.isEmpty()) return List.of();
    List<String> paths = new ArrayList<>();
    unknown.walk(obj, root.get(), "", paths, true);
    return paths;
  }

  /** {@code duplicate field "<path>"} for every key repeated within one object of the JSON body. */
  public static List<String> checkDuplicates(byte[] json) {
    return DuplicateFields.find(json).stream().map(p -> "duplicate field \"" + p + "\"").toList();
  }

  /**
   * The effective directive: Warn when absent, else the value itself; anything else is a 422 as
   * Kubernetes' options validation reports it.
   *
   * @param optionsKind "CreateOptions", "UpdateOptions" or "PatchOptions", for the error message
   */
  public static String directive(String mode, String optionsKind) {
    if (mode == null || mode.isEmpty()) return WARN;
    if (mode.equals(STRICT) || mode.equals(WARN) || mode.equals(IGNORE)) return mode;
    throw ApiException.invalid("meta.k8s.io", optionsKind + ".meta.k8s.io", "", List.of(new ApiException.Cause(
        "FieldValueNotSupported", "Unsupported value: \"" + mode + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"",
        "fieldValidation")));
  }

  private static List<String> apply(String directive, List<String> problems, String prefix) {
    if (problems.isEmpty()) return List.of();
    if (directive.equals(STRICT)) {
      throw ApiException.badRequest((prefix == null ? "" : prefix) + "strict decoding error: " + String.join(", ", problems));
    }
    return List.copyOf(problems);
  }
}
