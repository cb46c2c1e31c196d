package io.capstan.cli;

import io.capstan.cli.cluster.Component;
import io.capstan.cli.cluster.ComponentProcesses;
import io.capstan.cli.cluster.HealthProbe;
import io.capstan.cli.cluster.LocalCluster;
import io.capstan.cli.cluster.LogTail;
import io.capstan.cli.cluster.StartOrder;
import io.capstan.cli.kubeconfig.Kubeconfig;
import io.capstan.cli.cluster.HostNodeName;
import io.capstan.cli.pki.ClusterPki;
import java.util.List;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "up",
    description = {
      "Starts the local cluster and writes .capstan/admin.kubeconfig.",
      "Runs init, then starts each component that is not running, in dependency order,"
          + " waiting until each is healthy. Components already running are left alone."
    })
class UpCommand implements Callable<Integer> {

  private static final Duration POLL = Duration.ofMillis(250);
  private static final int LOG_TAIL_LINES = 40;

  @ParentCommand CapstanCommand parent;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    Workspace workspace = parent.workspace();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    InitCommand.run(workspace, out);
    // Written before the components start: the node agent reads it to reach the apiserver.
    ClusterPki pki = new ClusterPki(workspace.pki());
    Kubeconfig.forAdmin(pki, LocalCluster.APISERVER_URL).writeTo(workspace.kubeconfig());
    // Each component runs under its own identity, with only the rights its roles grant.
    List<ClusterPki.Identity> identities = new java.util.ArrayList<>(ClusterPki.COMPONENTS);
    identities.add(ClusterPki.node(HostNodeName.get()));
    for (ClusterPki.Identity id : identities) {
      Kubeconfig.forIdentity(pki, LocalCluster.APISERVER_URL, id).writeTo(workspace.componentKubeconfig(id.file()));
    }
    // etcd warns about (and other local users could read) a data dir wider than 0700.
    Files.createDirectories(workspace.etcdData());
    Files.createDirectories(workspace.state().resolve("podman/tmp"));
    Files.setPosixFilePermissions(workspace.etcdData(), PosixFilePermissions.fromString("rwx------"));

    ComponentProcesses processes = new ComponentProcesses(workspace);
    HealthProbe probe = new HealthProbe(workspace.caCertificate());
    boolean startedAny = false;
    for (Component component : StartOrder.of(LocalCluster.forCurrentJvm(workspace).components())) {
      OptionalLong running = processes.running(component);
      long pid;
      if (running.isPresent()) {
        pid = running.getAsLong();
        if (probe.check(component.health()).healthy()) {
          out.printf("%-14s already running (pid %d)%n", component.name(), pid);
          continue;
        }
        out.printf("%-14s running (pid %d), waiting for %s%n", component.name(), pid, component.health());
      } else {
        HealthProbe.Result squatter = probe.check(component.health());
        if (squatter.healthy()) {
          err.printf(
              "%s: %s already answers, but not from a process capstan started;"
                  + " stop that process first.%n",
              component.name(), component.health());
          return 1;
        }
        pid = processes.start(component);
        startedAny = true;
        out.printf("%-14s started (pid %d), waiting for %s%n", component.name(), pid, component.health());
      }
      out.flush();
      if (!awaitHealthy(component, pid, processes, probe, workspace, out, err)) {
        return 1;
      }
    }

    out.println(startedAny ? "Capstan is up." : "Capstan is already running; nothing to do.");
    out.println();
    out.println("  export KUBECONFIG=" + workspace.kubeconfig());
    out.println("  kubectl get namespaces        # ./capstan status, ./capstan down");
    out.flush();
    return 0;
  }

  private static boolean awaitHealthy(
      Component component,
      long pid,
      ComponentProcesses processes,
      HealthProbe probe,
      Workspace workspace,
      PrintWriter out,
      PrintWriter err)
      throws InterruptedException {
    Instant started = Instant.now();
    Instant deadline = started.plus(component.startTimeout());
    HealthProbe.Result last = new HealthProbe.Result(false, "not checked");
    while (Instant.now().isBefore(deadline)) {
      if (!processes.isAlive(pid)) {
        return fail(component, "exited before becoming healthy", workspace, err);
      }
      last = probe.check(component.health());
      if (last.healthy()) {
        out.printf(
            "%-14s healthy after %.1f s%n",
            component.name(), Duration.between(started, Instant.now()).toMillis() / 1000.0);
        out.flush();
        return true;
      }
      Thread.sleep(POLL.toMillis());
    }
    return fail(
        component,
        "not healthy after " + component.startTimeout().toSeconds() + " s (last check: "
            + last.detail() + ")",
        workspace,
        err);
  }

  private static boolean fail(Component component, String why, Workspace workspace, PrintWriter err) {
    err.printf("%s %s. Last lines of %s:%n", component.name(), why, workspace.logFile(component.name()));
    LogTail.lastLines(workspace.logFile(component.name()), LOG_TAIL_LINES)
        .forEach(line -> err.println("  | " + line));
    err.println("Components already started keep running; see ./capstan status, stop with ./capstan down.");
    err.flush();
    return false;
  }
}
