package io.capstan.nodeagent.stats;

import io.capstan.nodeagent.runtime.ContainerRuntime;
import io.capstan.nodeagent.runtime.ContainerStats;
import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.capstan.nodeagent.runtime.Sandbox;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kubelet's Summary API ({@code GET /stats/summary}, stats/v1alpha1) from Podman's stats and
 * procfs: node and per-pod, per-container CPU and memory. A CPU rate needs two samples: each
 * request compares with the previous one when that is recent, otherwise it samples twice a
 * second apart (so the first request after a quiet spell takes a second).
 */
public final class StatsSummary {
  private static final long MIN_WINDOW_NANOS = 500_000_000L;
  private static final long MAX_WINDOW_NANOS = 120_000_000_000L;
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final String nodeName;
  private final ContainerRuntime runtime;
  private final Instant started = Instant.now();
  private Sample previous;

  /** Counters at one moment: the host's and each container's. */
  private record Sample(long nanoTime, HostUsage host, Map<String, ContainerStats> containers) {}

  public StatsSummary(String nodeName, ContainerRuntime runtime) {
    this.nodeName = nodeName;
    this.runtime = runtime;
  }

  public synchronized ObjectNode summary() throws InterruptedException {
    List<RuntimeContainer> running = runtime.listContainers(null).stream().filter(RuntimeContainer::running).toList();
    List<String> ids = running.stream().map(RuntimeContainer::id).toList();
    Sample now = sample(ids);
    Sample before = previous;
    long age = before == null ? 0 : now.nanoTime - before.nanoTime;
    if (before == null || age < MIN_WINDOW_NANOS || age > MAX_WINDOW_NANOS) {
      before = now;
      Thread.sleep(1000);
      now = sample(ids);
    }
    previous = now;
    double seconds = (now.nanoTime - before.nanoTime) / 1e9;
    String time = Instant.now().toString();

    ObjectNode root = JSON.createObjectNode();
    ObjectNode node = root.putObject("node");
    node.put("nodeName", nodeName);
    node.put("startTime", started.toString());
    cpu(node.putObject("cpu"), time, now.host.cpuNanos(), before.host.cpuNanos(), seconds);
    ObjectNode mem = node.putObject("memory");
    mem.put("time", time);
    mem.put("availableBytes", now.host.memoryAvailable());
    mem.put("usageBytes", now.host.memoryTotal() - now.host.memoryFree());
    mem.put("workingSetBytes", now.host.memoryTotal() - now.host.memoryAvailable());

    Map<String, Sandbox> sandboxes = new HashMap<>();
    for (Sandbox sb : runtime.listSandboxes()) sandboxes.put(sb.podUid(), sb);
    Map<String, List<RuntimeContainer>> byPod = new LinkedHashMap<>();
    for (RuntimeContainer c : running) byPod.computeIfAbsent(c.podUid(), u -> new java.util.ArrayList<>()).add(c);
    ArrayNode pods = root.putArray("pods");
    for (var e : byPod.entrySet()) {
      Sandbox sb = sandboxes.get(e.getKey());
      if (sb == null) continue;
      ObjectNode pod = pods.addObject();
      ObjectNode ref = pod.putObject("podRef");
      ref.put("name", sb.podName());
      ref.put("namespace", sb.namespace());
      ref.put("uid", sb.podUid());
      long podCpu = 0, podCpuBefore = 0, podUsage = 0, podWorking = 0;
      ArrayNode containers = pod.putArray("containers");
      for (RuntimeContainer c : e.getValue()) {
        ContainerStats s = now.containers.get(c.id());
        if (s == null) continue;
        ContainerStats b = before.containers.getOrDefault(c.id(), s);
        ObjectNode cn = containers.addObject();
        cn.put("name", c.containerName());
        if (c.startedAt() != null) cn.put("startTime", c.startedAt().toString());
        cpu(cn.putObject("cpu"), time, s.cpuNanos(), b.cpuNanos(), seconds);
        memory(cn.putObject("memory"), time, s.memoryUsageBytes(), s.workingSetBytes());
        podCpu += s.cpuNanos();
        podCpuBefore += b.cpuNanos();
        podUsage += s.memoryUsageBytes();
        podWorking += s.workingSetBytes();
      }
      if (containers.isEmpty()) { // no samples (a runtime without usage figures, or all just exited)
        pods.remove(pods.size() - 1);
        continue;
      }
      cpu(pod.putObject("cpu"), time, podCpu, podCpuBefore, seconds);
      memory(pod.putObject("memory"), time, podUsage, podWorking);
    }
    return root;
  }

  private Sample sample(List<String> ids) {
    Map<String, ContainerStats> byId = new HashMap<>();
    for (ContainerStats s : runtime.stats(ids)) byId.put(s.containerId(), s);
    return new Sample(System.nanoTime(), HostUsage.read(), byId);
  }

  private static void cpu(ObjectNode cpu, String time, long nanos, long nanosBefore, double seconds) {
    cpu.put("time", time);
    cpu.put("usageNanoCores", Math.max(0, Math.round((nanos - nanosBefore) / seconds)));
    cpu.put("usageCoreNanoSeconds", nanos);
  }

  private static void memory(ObjectNode mem, String time, long usage, long workingSet) {
    mem.put("time", time);
    mem.put("usageBytes", usage);
    mem.put("workingSetBytes", workingSet);
  }
}
