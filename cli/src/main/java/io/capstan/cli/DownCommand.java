package io.capstan.cli;

import io.capstan.cli.cluster.Component;
import io.capstan.cli.cluster.ComponentProcesses;
import io.capstan.cli.cluster.LocalCluster;
import io.capstan.cli.cluster.PodmanCleanup;
import io.capstan.cli.cluster.StartOrder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "down",
    description = {
      "Stops what `up` started.",
      "Signals only the processes recorded in .capstan/run/*.pid, in reverse start order:"
          + " SIGTERM, then SIGKILL after 10 s."
    })
class DownCommand implements Callable<Integer> {

  private static final Duration GRACE = Duration.ofSeconds(10);

  @ParentCommand CapstanCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--purge", description = "Also delete .capstan/ (certificates, etcd and Kafka data, logs) and Podman's images and storage.")
  boolean purge;

  @Override
  public Integer call() throws Exception {
    Workspace workspace = parent.workspace();
    PrintWriter out = spec.commandLine().getOut();
    ComponentProcesses processes = new ComponentProcesses(workspace);
    boolean allStopped = true;
    LocalCluster cluster = LocalCluster.forCurrentJvm(workspace);
    for (Component component : StartOrder.reversed(cluster.components())) {
      if (component.name().equals(LocalCluster.PODMAN)) {
        // Pods outlive the service (conmon is reparented to PID 1): remove them first. The node
        // agent, which would recreate them, depends on podman and has stopped already.
        try {
          out.printf("%-14s %s%n", "pods", new PodmanCleanup(cluster).run(purge));
        } catch (IOException e) {
          spec.commandLine().getErr().println("Removing Podman pods failed: " + e.getMessage());
          allStopped = false;
        }
      }
      long pid = processes.running(component).orElse(-1);
      ComponentProcesses.StopOutcome outcome = processes.stop(component, GRACE);
      switch (outcome) {
        case NOT_RUNNING -> out.printf("%-14s not running%n", component.name());
        case STOPPED -> out.printf("%-14s stopped (pid %d)%n", component.name(), pid);
        case KILLED -> out.printf("%-14s killed after %d s (pid %d)%n", component.name(), GRACE.toSeconds(), pid);
        case STILL_RUNNING -> {
          out.printf("%-14s still running after SIGKILL (pid %d)%n", component.name(), pid);
          allStopped = false;
        }
      }
      if (component.name().equals(LocalCluster.PODMAN) && outcome != ComponentProcesses.StopOutcome.STILL_RUNNING) {
        try {
          int n = new PodmanCleanup(cluster).unmountStorage();
          if (n > 0) out.printf("%-14s %d storage mount(s) removed%n", "podman", n);
        } catch (IOException e) {
          spec.commandLine().getErr().println("Unmounting Podman storage failed: " + e.getMessage());
          allStopped = false;
        }
      }
      out.flush();
    }
    if (purge) {
      if (!allStopped) {
        spec.commandLine().getErr().println("Not purging .capstan/: a process is still running.");
        return 1;
      }
      deleteTree(workspace.state());
      out.println("Deleted " + workspace.state());
    }
    return allStopped ? 0 : 1;
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            if (e != null) {
              throw e;
            }
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
