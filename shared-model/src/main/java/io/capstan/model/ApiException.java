package io.capstan.model;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one typed error of Capstan: it carries a Kubernetes {@code Status} so that every client
 * (kubectl included) prints the message it would print against Kubernetes, e.g.
 * {@code Error from server (NotFound): pods "x" not found}.
 */
public class ApiException extends RuntimeException {

  /** One field error of an Invalid status; {@code field} is a JSON path such as {@code metadata.name}. */
  public record Cause(String reason, String message, String field) {}

  private final int code;
  private final String reason;
  private final String group;
  private final String kind;
  private final String name;
  private final List<Cause> causes;
  private final Integer retryAfterSeconds;

  public ApiException(int code, String reason, String message) {
    this(code, reason, message, null, null, null, List.of(), null);
  }

  public ApiException(int code, String reason, String message, String group, String kind,
      String name, List<Cause> causes, Integer retryAfterSeconds) {
    super(message);
    this.code = code;
    this.reason = reason;
    this.group = group;
    this.kind = kind;
    this.name = name;
    this.causes = List.copyOf(causes);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int code() { return code; }
  public String reason() { return reason; }
  public List<Cause> causes() { return causes; }

  /** {@code resource} is the plural resource name as Kubernetes prints it ("pods", "deployments.apps"). */
  public static ApiException notFound(String group, String resource, String name) {
    return new ApiException(404, "NotFound", qualified(group, resource) + " \"" + name + "\" not found",
        group, resource, name, List.of(), null);
  }

  public static ApiException alreadyExists(String group, String resource, String name) {
    return new ApiException(409, "AlreadyExists",
        qualified(group, resource) + " \"" + name + "\" already exists", group, resource, name, List.of(), null);
  }

  /** The message Kubernetes gives for a stale resourceVersion. */
  public static ApiException conflict(String group, String resource, String name, String why) {
    return new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + qualified(group, resource)
        + " \"" + name + "\": " + why, group, resource, name, List.of(), null);
  }

  /** 422 with every field error, formatted like Kubernetes' {@code NewInvalid}. */
  public static ApiException invalid(String group, String kind, String name, List<Cause> causes) {
    StringBuilder msg = new StringBuilder(kind).append(" \"").append(name == null ? "" : name).append("\" is invalid: ");
    List<String> parts = new ArrayList<>();
    for (Cause c : causes) {
      parts.add(c.field() == null || c.field().isEmpty() ? c.message() : c.field() + ": " + c.message());
    }
    msg.append(parts.size() == 1 ? parts.get(0) : "[" + String.join(", ", parts) + "]");
    return new ApiException(422, "Invalid", msg.toString(), group, kind, name, causes, null);
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "BadRequest", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "Forbidden", message);
  }

  public static ApiException methodNotSupported(String group, String resource, String verb) {
    return new ApiException(405, "MethodNotAllowed", verb + " is not supported on resources of kind \""
        + qualified(group, resource) + "\"", group, resource, null, List.of(), null);
  }

  public static ApiException gone(String message) {
    return new ApiException(410, "Expired", message);
  }

  public static ApiException tooLarge(String message) {
    return new ApiException(413, "RequestEntityTooLarge", message);
  }

  public static ApiException unsupportedMediaType(String contentType) {
    return new ApiException(415, "UnsupportedMediaType", "the body of the request was in an unknown format - "
        + "accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
  }

  public static ApiException internal(String message) {
    return new ApiException(500, "InternalError", "Internal error occurred: " + message);
  }

  public static ApiException unavailable(String message) {
    return new ApiException(503, "ServiceUnavailable", message, null, null, null, List.of(), 1);
  }

  private static String qualified(String group, String resource) {
    return group == null || group.isEmpty() ? resource : resource + "." + group;
  }

  /** The Kubernetes {@code Status} object for this error. */
  public ObjectNode toStatus() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode s = f.objectNode();
    s.put("kind", "Status");
    s.put("apiVersion", "v1");
    s.putObject("metadata");
    s.put("status", "Failure");
    s.put("message", getMessage());
    if (reason != null) s.put("reason", reason);
    if (name != null || kind != null || !causes.isEmpty() || retryAfterSeconds != null) {
      ObjectNode d = s.putObject("details");
      if (name != null) d.put("name", name);
      if (group != null && !group.isEmpty()) d.put("group", group);
      if (kind != null) d.put("kind", kind);
      if (!causes.isEmpty()) {
        ArrayNode arr = d.putArray("causes");
        for (Cause c : causes) {
          ObjectNode cn = arr.addObject();
          if (c.reason() != null) cn.put("reason", c.reason());
          if (c.message() != null) cn.put("message", c.message());
          if (c.field() != null) cn.put("field", c.field());
        }
      }
      if (retryAfterSeconds != null) d.put("retryAfterSeconds", retryAfterSeconds);
    }
    s.put("code", code);
    return s;
  }
}
