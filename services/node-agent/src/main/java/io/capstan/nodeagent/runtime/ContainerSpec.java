package io.capstan.nodeagent.runtime;

import java.util.List;
import java.util.Map;

/**
 * A container to create inside a sandbox, already resolved (env expanded, volumes as host paths).
 *
 * @param entrypoint Kubernetes {@code command} (null: the image's)
 * @param command Kubernetes {@code args} (null: the image's, unless entrypoint is set)
 * @param memoryLimit bytes, 0 for none
 * @param cpuQuota CFS quota in microseconds per {@code cpuPeriod}, 0 for none
 * @param cpuShares 0 for the default
 * @param stdin keep stdin open (kubectl attach -i)
 * @param tty allocate a TTY
 */
public record ContainerSpec(String name, String image, List<String> entrypoint, List<String> command,
    Map<String, String> env, String workingDir, Map<String, String> labels, List<Mount> mounts,
    long memoryLimit, long cpuQuota, long cpuPeriod, long cpuShares, String user, int stopTimeoutSeconds,
    boolean stdin, boolean tty) {

  /** A host directory or file bound into the container. */
  public record Mount(String source, String destination, boolean readOnly) {}
}
