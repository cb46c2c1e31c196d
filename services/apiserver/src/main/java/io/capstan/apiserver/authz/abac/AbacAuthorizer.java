package io.capstan.apiserver.authz.abac;

import io.capstan.apiserver.authz.Attributes;
import io.capstan.apiserver.authz.Authorizer;
import io.capstan.apiserver.authz.Decision;
import io.capstan.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * kube-apiserver's ABAC mode ({@code --authorization-policy-file}): one JSON {@code Policy} per line
 * (blank lines and lines starting with {@code #} are skipped); a request any policy matches is
 * allowed, any other gets no opinion. The file is read once at start, as in Kubernetes.
 */
public final class AbacAuthorizer implements Authorizer {
  static final String API_VERSION = "abac.authorization.kubernetes.io/v1beta1";

  private final List<AbacPolicy> policies;

  AbacAuthorizer(List<AbacPolicy> policies) {
    this.policies = List.copyOf(policies);
  }

  public static AbacAuthorizer load(Path file) throws IOException {
    return parse(Files.readAllLines(file), file.toString());
  }

  static AbacAuthorizer parse(List<String> lines, String source) throws IOException {
    List<AbacPolicy> policies = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).trim();
      if (line.isEmpty() || line.startsWith("#")) continue;
      JsonNode p;
      try {
        p = Json.MAPPER.readTree(line);
      } catch (JacksonException e) {
        throw new IOException(source + ":" + (i + 1) + ": not a JSON object: " + e.getOriginalMessage());
      }
      if (!API_VERSION.equals(p.path("apiVersion").asString("")) || !"Policy".equals(p.path("kind").asString(""))) {
        throw new IOException(source + ":" + (i + 1) + ": expected apiVersion " + API_VERSION + " and kind Policy");
      }
      policies.add(AbacPolicy.fromSpec(p.path("spec")));
    }
    return new AbacAuthorizer(policies);
  }

  @Override
  public Decision authorize(Attributes a) {
    for (AbacPolicy p : policies) if (p.matches(a)) return Decision.allow("ABAC: allowed by the policy file");
    return Decision.noOpinion("");
  }
}
