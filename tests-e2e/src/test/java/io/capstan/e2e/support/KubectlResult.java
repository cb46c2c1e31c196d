package io.capstan.e2e.support;

import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/** A finished kubectl call: exit code and both output streams, verbatim. */
public record KubectlResult(List<String> command, int exitCode, String stdout, String stderr) {

  /** Returns this result, or throws with the whole call if kubectl exited non-zero (for set-up steps). */
  public KubectlResult requireSuccess() {
    if (exitCode != 0) throw new AssertionError("expected success from " + this);
    return this;
  }

  /** The tables kubectl printed on stdout, one per resource type. */
  public List<KubectlTable> tables() {
    return KubectlTable.parseAll(stdout);
  }

  /** The single table kubectl printed on stdout. */
  public KubectlTable table() {
    List<KubectlTable> tables = tables();
    if (tables.size() != 1) throw new AssertionError("expected one table in " + this);
    return tables.get(0);
  }

  /** What kubectl printed with {@code -o json}, read into fabric8's model (e.g. {@code Deployment.class}). */
  public <T> T object(Class<T> type) {
    requireSuccess();
    return new KubernetesSerialization().unmarshal(stdout, type);
  }

  @Override
  public String toString() {
    return String.join(" ", command) + "\nexit code: " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
  }
}
