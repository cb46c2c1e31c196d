package io.capstan.nodeagent.runtime;

/**
 * A pod's sandbox.
 *
 * @param ready the infra container runs (its network namespace exists)
 * @param pid the infra's host PID (0 if unknown): its /proc/PID/net shows the pod's sockets
 */
public record Sandbox(String id, String name, String podUid, String namespace, String podName, String ip,
    int pid, boolean ready) {}
