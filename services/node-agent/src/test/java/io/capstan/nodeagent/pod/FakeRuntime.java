package io.capstan.nodeagent.pod;

import io.capstan.nodeagent.runtime.ContainerSpec;
import io.capstan.nodeagent.runtime.RuntimeError;
import io.capstan.nodeagent.runtime.Sandbox;
import io.capstan.nodeagent.runtime.SandboxSpec;
import io.capstan.nodeagent.runtime.SimulatedRuntime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The simulated runtime with scripted exits: a container named in {@link #exitCodes} exits at once with that code. */
final class FakeRuntime extends SimulatedRuntime {
  final Map<String, Integer> exitCodes = new ConcurrentHashMap<>();
  final List<String> started = new ArrayList<>();
  /** When set, creating a sandbox fails with it (as Podman does without its pause binary). */
  volatile RuntimeError sandboxFailure;

  FakeRuntime(Clock clock) {
    super(clock);
  }

  @Override
  public synchronized Sandbox runSandbox(SandboxSpec spec) {
    if (sandboxFailure != null) throw sandboxFailure;
    return super.runSandbox(spec);
  }

  @Override
  protected synchronized Integer exitOnStart(ContainerSpec spec) {
    String name = spec.labels().get(io.capstan.nodeagent.runtime.Labels.CONTAINER_NAME);
    started.add(name);
    return exitCodes.get(name);
  }
}
