package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Kubectl;
import io.capstan.e2e.support.KubectlResult;
import io.capstan.testing.ApiServerProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code kubectl explain} renders the server's OpenAPI v3 documents with kubectl's own template,
 * so the output is exactly Kubernetes' when the server serves Kubernetes' schemas and
 * descriptions.
 */
class KubectlExplainTest {

  /**
   * {@code kubectl explain deployment.spec.strategy} against Kubernetes 1.32, with trailing
   * whitespace dropped from each line (kubectl indents the blank lines of a description). kubectl
   * 1.28 and later print the enum of {@code type}, and a blank line for the field's own (absent)
   * enum; 1.27's template has neither.
   */
  private static String expected(String version) {
    boolean enums = !version.equals("1.27");
    return """
        GROUP:      apps
        KIND:       Deployment
        VERSION:    v1

        FIELD: strategy <DeploymentStrategy>
        %s
        DESCRIPTION:
            The deployment strategy to use to replace existing pods with new ones.
            DeploymentStrategy describes how to replace existing pods with new ones.

        FIELDS:
          rollingUpdate\t<RollingUpdateDeployment>
            Rolling update config params. Present only if DeploymentStrategyType =
            RollingUpdate.

          type\t<string>
        %s\
            Type of deployment. Can be "Recreate" or "RollingUpdate". Default is
            RollingUpdate.

            Possible enum values:
             - `"Recreate"` Kill all existing pods before creating new ones.
             - `"RollingUpdate"` Replace the old ReplicaSets by new one using rolling
            update i.e gradually scale down the old ReplicaSets and scale up the new
            one.
        """.formatted(enums ? "\n" : "", enums ? "  enum: Recreate, RollingUpdate\n" : "");
  }

  @ParameterizedTest(name = "kubectl {0}")
  @MethodSource("io.capstan.e2e.support.Kubectl#versions")
  void explainDeploymentSpecStrategy(String version, @TempDir Path home) {
    Kubectl kubectl = Kubectl.version(ApiServerProcess.shared(), home, version);

    KubectlResult r = kubectl.run("explain", "deployment.spec.strategy");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(r.stderr()).isEmpty();
    assertThat(withoutTrailingWhitespace(r.stdout())).as(r.toString()).isEqualTo(expected(version));
  }

  private static String withoutTrailingWhitespace(String text) {
    List<String> lines = text.lines().map(String::stripTrailing).toList();
    return String.join("\n", lines).stripTrailing() + "\n";
  }
}
