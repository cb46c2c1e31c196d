package io.capstan.nodeagent.runtime;

/**
 * One sample of a running container's usage.
 *
 * @param cpuNanos CPU time used since the container started, in nanoseconds (all cores)
 * @param memoryUsageBytes memory charged to the container, page cache included
 * @param workingSetBytes usage less inactive file cache: what the kernel cannot simply drop
 */
public record ContainerStats(String containerId, long cpuNanos, long memoryUsageBytes, long workingSetBytes) {}
