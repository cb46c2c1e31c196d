package io.capstan.apiserver.openapi.v2;

import io.capstan.apiserver.openapi.KubeSchemas;
import io.capstan.apiserver.openapi.OpenApiDocuments;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code /openapi/v2} document (Swagger 2.0) of everything served, made from the served
 * OpenAPI v3 documents ({@link OpenApiDocuments}) by {@link SwaggerConverter}, in the two forms
 * clients ask for: gnostic protobuf ({@link GnosticEncoder}; kubectl 1.27 and older cannot apply,
 * validate, edit or explain without it) and JSON. Built on first use and kept until the served set
 * changes: each call compares the v3 index (whose per-group-version hashes cover every schema and
 * resource) with the one the cached copy was built from, and {@link ResourceCatalog#onChange}
 * drops the cached copy at once.
 */
@Component
public class OpenApiV2Document {

  /**
   * One build: the bytes in each form, gzipped as well (the protobuf is over a megabyte, a tenth
   * of that gzipped, and every Go client accepts gzip), and the ETag (the quoted SHA-512 of the
   * protobuf, as Kubernetes has it).
   */
  public record Snapshot(byte[] protobuf, byte[] protobufGzip, byte[] json, byte[] jsonGzip, String etag) {}

  private record Cached(String key, Snapshot snapshot) {}

  private final OpenApiDocuments documents;
  private volatile Cached cached;

  public OpenApiV2Document(OpenApiDocuments documents, ResourceCatalog catalog) {
    this.documents = documents;
    catalog.onChange(() -> cached = null);
  }

  /** The current document, built now if the served set changed since the last build. */
  public Snapshot current() {
    ObjectNode index = documents.index();
    String key = key(index);
    Cached c = cached;
    if (c != null && c.key.equals(key)) return c.snapshot;
    synchronized (this) {
      c = cached;
      if (c != null && c.key.equals(key)) return c.snapshot;
      Snapshot s = build(index);
      cached = new Cached(key, s);
      return s;
    }
  }

  private ObjectNode swagger(ObjectNode index) {
    List<JsonNode> v3 = new ArrayList<>();
    for (String path : index.path("paths").propertyNames()) {
      documents.document(path).ifPresent(d -> v3.add(Json.MAPPER.readTree(d.json())));
    }
    return SwaggerConverter.convert(v3, kubernetesVersion());
  }

  private Snapshot build(ObjectNode index) {
    ObjectNode swagger = swagger(index);
    byte[] protobuf = GnosticEncoder.encode(swagger);
    byte[] json = Json.MAPPER.writeValueAsBytes(swagger);
    return new Snapshot(protobuf, gzip(protobuf), json, gzip(json), "\"" + sha512(protobuf) + "\"");
  }

  /** The served group-versions with their documents' hashes: equal keys, equal documents. */
  private static String key(ObjectNode index) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, JsonNode> e : index.path("paths").properties()) {
      sb.append(e.getKey()).append('=').append(e.getValue().path("serverRelativeURL").asString("")).append('\n');
    }
    return sb.toString();
  }

  /** "v1.32.9" for schemas of the Kubernetes API types v0.32.9. */
  private static String kubernetesVersion() {
    String release = KubeSchemas.get().release();
    return release.startsWith("v0.") ? "v1." + release.substring(3) : release;
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 6 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String sha512(byte[] bytes) {
    try {
      return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-512 is part of every JDK", e);
    }
  }
}
