package io.capstan.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replays the case table through upstream's strategic merge patch, as {@code kubectl patch
 * --local} runs it (the apimachinery code the API server runs, merge keys from the Go types), and
 * checks that Capstan's answer is upstream's, except where a case records a deliberate difference.
 */
class KubectlPatchOracleTest {
  private static final FakeSchemas SCHEMAS = FakeSchemas.kubernetes();
  private static final StrategicMergePatch SMP = new StrategicMergePatch(SCHEMAS);

  @TempDir
  Path dir;

  /** The release the version dispatcher runs for a 1.32 server, called directly: --local needs no server. */
  private static Path kubectl() throws IOException {
    return Path.of("/usr/bin/kubectl").toRealPath().resolveSibling("kubectl.1.32");
  }

  @ParameterizedTest
  @MethodSource("io.capstan.apiserver.patch.StrategicMergePatchCases#all")
  void capstanAnswersAsUpstream(JsonNode c) throws Exception {
    // kubectl is part of every Capstan machine (the acceptance oracle): its absence is a failure.
    assertThat(kubectl()).isExecutable();
    Upstream upstream = runKubectl(c);

    JsonNode deviation = c.get("upstream");
    if (deviation != null) {
      if (deviation.has("error")) assertThat(upstream.error).as("upstream refuses it").isNotNull();
      else assertThat(upstream.result).as(c.get("why").stringValue()).isEqualTo(deviation.get("result"));
      return;
    }
    if (c.has("error")) {
      assertThat(upstream.error).as("upstream refuses it too").isNotNull();
      return;
    }
    assertThat(upstream.error).as("upstream applies it").isNull();
    ObjectNode ours = SMP.apply((ObjectNode) c.get("original"), (ObjectNode) c.get("patch"),
        StrategicMergePatchCases.schema(SCHEMAS, c));
    assertThat(ours).isEqualTo(upstream.result);
  }

  private record Upstream(JsonNode result, String error) {}

  /** The case's original as a whole object (kubectl wants apiVersion, kind and a name), patched by kubectl. */
  private Upstream runKubectl(JsonNode c) throws Exception {
    String kind = c.get("kind").stringValue();
    int slash = kind.lastIndexOf('/');
    ObjectNode object = (ObjectNode) c.get("original").deepCopy();
    object.put("apiVersion", kind.substring(0, slash));
    object.put("kind", kind.substring(slash + 1));
    boolean hadMetadata = object.has("metadata");
    ObjectNode metadata = Json.objectAt(object, "metadata");
    boolean named = metadata.has("name");
    if (!named) metadata.put("name", "oracle");
    Path file = dir.resolve("object.json");
    Files.write(file, Json.MAPPER.writeValueAsBytes(object));

    ProcessBuilder pb = new ProcessBuilder(List.of(kubectl().toString(), "patch", "--local", "-f", file.toString(),
        "--type", "strategic", "-p", Json.MAPPER.writeValueAsString(c.get("patch")), "-o", "json"));
    pb.environment().put("KUBECONFIG", dir.resolve("no-kubeconfig").toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl patch --local did not finish in 60 s");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    if (p.exitValue() != 0) return new Upstream(null, text);

    ObjectNode result = (ObjectNode) Json.MAPPER.readTree(text);
    result.remove("apiVersion");
    result.remove("kind");
    if (!named && result.get("metadata") instanceof ObjectNode m) {
      m.remove("name");
      if (m.isEmpty() && !hadMetadata) result.remove("metadata");
    }
    return new Upstream(result, null);
  }
}
