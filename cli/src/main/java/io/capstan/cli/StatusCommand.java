package io.capstan.cli;

import io.capstan.cli.cluster.Component;
import io.capstan.cli.cluster.ComponentProcesses;
import io.capstan.cli.cluster.HealthProbe;
import io.capstan.cli.cluster.LocalCluster;
import io.capstan.cli.cluster.StartOrder;
import java.io.PrintWriter;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    description = "Shows each component: running or stopped, PID, and its health check.")
class StatusCommand implements Callable<Integer> {

  @ParentCommand CapstanCommand parent;
  @Spec CommandSpec spec;

  /** Exit code 0 when every component runs and is healthy, 3 otherwise (like `systemctl status`). */
  @Override
  public Integer call() {
    Workspace workspace = parent.workspace();
    PrintWriter out = spec.commandLine().getOut();
    ComponentProcesses processes = new ComponentProcesses(workspace);
    HealthProbe probe = new HealthProbe(workspace.caCertificate());
    boolean allGood = true;
    out.printf("%-14s %-8s %-8s %s%n", "COMPONENT", "STATE", "PID", "HEALTH");
    for (Component component : StartOrder.of(LocalCluster.forCurrentJvm(workspace).components())) {
      OptionalLong pid = processes.running(component);
      HealthProbe.Result health = probe.check(component.health());
      allGood &= pid.isPresent() && health.healthy();
      out.printf(
          "%-14s %-8s %-8s %s %s (%s)%n",
          component.name(),
          pid.isPresent() ? "running" : "stopped",
          pid.isPresent() ? Long.toString(pid.getAsLong()) : "-",
          health.healthy() ? "ok" : "failing",
          component.health(),
          health.detail());
    }
    if (java.nio.file.Files.exists(workspace.kubeconfig())) {
      out.println("kubeconfig: " + workspace.kubeconfig());
    }
    out.flush();
    return allGood ? 0 : 3;
  }
}
