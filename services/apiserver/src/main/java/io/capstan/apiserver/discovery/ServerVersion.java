package io.capstan.apiserver.discovery;

import io.capstan.model.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code /version} document. kubectl's version dispatcher picks the client binary by the
 * {@code minor} field alone, so Capstan reports the Kubernetes release whose API it serves.
 */
final class ServerVersion {
  private ServerVersion() {}

  static final String MAJOR = "1";
  static final String MINOR = "32";
  static final String GIT_VERSION = "v1.32.4-capstan";

  static ObjectNode document() {
    ObjectNode v = Json.object();
    v.put("major", MAJOR);
    v.put("minor", MINOR);
    v.put("gitVersion", GIT_VERSION);
    v.put("gitCommit", "0000000000000000000000000000000000000000");
    v.put("gitTreeState", "clean");
    v.put("buildDate", "2025-04-22T00:00:00Z");
    // Fields Kubernetes fills from its Go toolchain; clients only display them.
    v.put("goVersion", "go1.23.8");
    v.put("compiler", "gc");
    v.put("platform", "linux/amd64");
    return v;
  }
}
