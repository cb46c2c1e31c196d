package io.capstan.apiserver.web;

import io.capstan.apiserver.protobuf.ProtobufBodies;
import io.capstan.apiserver.registry.ObjectCodec;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Reads request bodies: bounded in size, decoded by Content-Type, never a 500 for bad input. */
public final class RequestBodies {
  /** Kubernetes' default request size limit. */
  public static final int MAX_BYTES = 3 * 1024 * 1024;
  private static final YAMLMapper YAML = YAMLMapper.builder().build();

  private RequestBodies() {}

  public static byte[] read(HttpServletRequest request) {
    if (request.getContentLengthLong() > MAX_BYTES) throw tooLarge();
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes(MAX_BYTES + 1);
      if (body.length > MAX_BYTES) throw tooLarge();
      return body;
    } catch (IOException e) {
      throw ApiException.badRequest("could not read the request body: " + e.getMessage());
    }
  }

  /** The body as an object, from JSON, YAML or Kubernetes protobuf (kubectl 1.32+ typed clients). */
  public static ObjectNode object(HttpServletRequest request, byte[] body) {
    String type = mediaType(request);
    if (type.equals(ProtobufBodies.MEDIA_TYPE)) {
      return ProtobufBodies.decode(body);
    }
    if (type.isEmpty() || type.equals("application/json") || type.endsWith("+json")) {
      return ObjectCodec.parseRequest(body);
    }
    if (type.equals("application/yaml") || type.equals("application/x-yaml") || type.equals("text/yaml")) {
      try {
        JsonNode n = YAML.readTree(body);
        if (n instanceof ObjectNode o) return o;
        throw ApiException.badRequest("the YAML body is not an object");
      } catch (JacksonException e) {
        throw ApiException.badRequest("the YAML body is malformed: " + e.getOriginalMessage());
      }
    }
    throw ApiException.unsupportedMediaType(type);
  }

  /** A JSON document of any shape (patch bodies). */
  public static JsonNode json(byte[] body) {
    try {
      JsonNode n = Json.MAPPER.readTree(body);
      if (n == null || n.isMissingNode()) throw ApiException.badRequest("the patch body is empty");
      return n;
    } catch (JacksonException e) {
      throw ApiException.badRequest("the patch body is malformed JSON: " + e.getOriginalMessage());
    }
  }

  public static String mediaType(HttpServletRequest request) {
    String ct = request.getContentType();
    if (ct == null) return "";
    int semi = ct.indexOf(';');
    return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase();
  }

  private static ApiException tooLarge() {
    return ApiException.tooLarge("the request body is larger than the limit of " + MAX_BYTES + " bytes");
  }
}
