package io.capstan.apiserver.protobuf;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import io.kubernetes.client.proto.Runtime;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Request bodies in {@code application/vnd.kubernetes.protobuf}, which kubectl 1.32+ sends for
 * {@code create namespace|deployment|configmap|secret|service|job|cronjob|role|…},
 * {@code auth can-i} and {@code auth whoami}.
 *
 * <p>Layout: the magic {@code 6b 38 73 00} ("k8s\0"), then a {@code runtime.Unknown} whose
 * {@code typeMeta} names the kind and whose {@code raw} holds the object in protobuf. The result is
 * the object as Kubernetes JSON, as if the client had sent JSON: apiVersion and kind first, field
 * names as in JSON, empty {@code omitempty} fields left out, pointer fields kept even when zero
 * ({@code replicas: 0}), times as RFC 3339, quantities and int-or-strings as in JSON, bytes as
 * base64.
 */
public final class ProtobufBodies {

  /** The Content-Type of Kubernetes protobuf. */
  public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

  private static final byte[] MAGIC = {0x6b, 0x38, 0x73, 0x00};

  private ProtobufBodies() {}

  /** Whether a Content-Type header names Kubernetes protobuf (parameters are ignored). */
  public static boolean isProtobuf(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semi = contentType.indexOf(';');
    String base = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return base.equals(MEDIA_TYPE);
  }

  /**
   * Decodes a protobuf request body to the JSON object it stands for.
   *
   * @throws ApiException 400 BadRequest for anything that is not a well-formed Kubernetes protobuf
   *     object; 415 UnsupportedMediaType for a kind this server cannot decode from protobuf
   */
  public static ObjectNode decode(byte[] body) {
    if (body == null || body.length < MAGIC.length || !hasMagic(body)) {
      throw ApiException.badRequest("the body is not Kubernetes protobuf: " + MEDIA_TYPE
          + " must start with the 4 bytes 6b 38 73 00 (\"k8s\\0\")");
    }
    Runtime.Unknown unknown;
    try {
      unknown = Runtime.Unknown.parseFrom(
          ByteBuffer.wrap(body, MAGIC.length, body.length - MAGIC.length));
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest("the protobuf body is malformed: " + e.getMessage());
    }
    String apiVersion = unknown.getTypeMeta().getApiVersion();
    String kind = unknown.getTypeMeta().getKind();
    if (kind.isEmpty()) {
      throw ApiException.badRequest("Object 'Kind' is missing in the protobuf body");
    }
    if (apiVersion.isEmpty()) {
      throw ApiException.badRequest("Object 'apiVersion' is missing in the protobuf body of kind " + kind);
    }
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.put("apiVersion", apiVersion);
    out.put("kind", kind);
    if (isJson(unknown.getContentType())) {
      return embeddedJson(unknown, out);
    }
    KubeProtoSchema schema = KubeProtoSchema.get();
    Descriptor type = schema.kind(apiVersion, kind);
    if (type == null) {
      throw new ApiException(415, "UnsupportedMediaType", "the server cannot decode kind \"" + kind
          + "\" (apiVersion \"" + apiVersion + "\") from " + MEDIA_TYPE + "; send it as application/json");
    }
    DynamicMessage message;
    try {
      message = DynamicMessage.parseFrom(type, unknown.getRaw());
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest("the protobuf body of kind " + kind + " is malformed: " + e.getMessage());
    }
    try {
      new ProtoJson(schema).fields(message, out);
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ApiException.badRequest("the protobuf body of kind " + kind + " cannot be converted: " + e);
    }
    return out;
  }

  /** The kinds {@link #decode} understands: "apiVersion/kind" (e.g. "apps/v1/Deployment") → protobuf message. */
  public static Map<String, String> supportedKinds() {
    return KubeProtoSchema.get().kindTable();
  }

  private static boolean hasMagic(byte[] b) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (b[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean isJson(String contentType) {
    return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
  }

  /** A runtime.Unknown may carry JSON; Go would fail on it, taking it costs nothing. */
  private static ObjectNode embeddedJson(Runtime.Unknown unknown, ObjectNode typeMeta) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(unknown.getRaw().toByteArray());
    } catch (JacksonException e) {
      throw ApiException.badRequest("the JSON inside the protobuf body is malformed: " + e.getOriginalMessage());
    }
    if (!(node instanceof ObjectNode obj)) {
      throw ApiException.badRequest("the JSON inside the protobuf body is not an object");
    }
    ObjectNode out = typeMeta.deepCopy();
    obj.properties().forEach(e -> {
      if (!e.getKey().equals("apiVersion") && !e.getKey().equals("kind")) {
        out.set(e.getKey(), e.getValue());
      }
    });
    return out;
  }
}
