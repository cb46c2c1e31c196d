package io.capstan.apiserver.openapi;

import io.capstan.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The component schemas of the built-in Kubernetes types, as Kubernetes' own /openapi/v3 serves
 * them: generated from the Go API types of one release by {@code gen_openapi.py} (test sources of
 * this package) into {@code kube-schemas.json}. Loaded once, on first use, and never mutated:
 * callers copy a schema before changing it.
 */
public final class KubeSchemas {
  private static final String RESOURCE = "kube-schemas.json";
  private static volatile KubeSchemas instance;

  private final String release;
  private final String digest;
  private final ObjectNode groupVersions;
  private final ObjectNode schemas;

  private KubeSchemas(ObjectNode root, String digest) {
    this.release = root.path("release").asString();
    this.digest = digest;
    this.groupVersions = (ObjectNode) root.get("groupVersions");
    this.schemas = (ObjectNode) root.get("schemas");
  }

  /** The shared instance; the first call parses the resource (about 1 MB, well under a second). */
  public static KubeSchemas get() {
    KubeSchemas s = instance;
    if (s == null) {
      synchronized (KubeSchemas.class) {
        if (instance == null) instance = load();
        s = instance;
      }
    }
    return s;
  }

  private static KubeSchemas load() {
    try (InputStream in = KubeSchemas.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      byte[] bytes = in.readAllBytes();
      String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      return new KubeSchemas((ObjectNode) Json.MAPPER.readTree(bytes), digest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  /** The Kubernetes API types' release the schemas describe ("v0.32.9"). */
  public String release() {
    return release;
  }

  /** SHA-256 of the generated schemas: documents built from them change when it does. */
  public String digest() {
    return digest;
  }

  /** Schema name prefix of a built-in group-version: "apps/v1" → "io.k8s.api.apps.v1". */
  public Optional<String> prefix(String apiVersion) {
    JsonNode p = groupVersions.get(apiVersion);
    return p == null ? Optional.empty() : Optional.of(p.asString());
  }

  /** A component schema by its full name ("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"). */
  public Optional<ObjectNode> schema(String name) {
    return Optional.ofNullable((ObjectNode) schemas.get(name));
  }
}
