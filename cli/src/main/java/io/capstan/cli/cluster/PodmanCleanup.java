package io.capstan.cli.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code capstan down} removes from the local cluster's Podman: stopping the service is not
 * enough, because every container's conmon is reparented to PID 1 and keeps running. Runs the
 * podman CLI on the cluster's own storage, after the node agent has stopped (it would recreate
 * the pods) and before the service stops.
 */
public final class PodmanCleanup {
  private static final long TIMEOUT_SECONDS = 180;

  private final LocalCluster cluster;

  public PodmanCleanup(LocalCluster cluster) {
    this.cluster = cluster;
  }

  /**
   * Removes every pod and container (SIGTERM, SIGKILL after 5 s). With {@code purge}, also
   * images, networks and the storage itself ({@code podman system reset}) and the runroot under
   * /run. Nothing to do when the cluster never ran Podman.
   *
   * @return what was done, for the user
   */
  public String run(boolean purge) throws IOException, InterruptedException {
    if (!Files.isDirectory(cluster.podmanDir().resolve("root"))) return "no podman storage";
    podman("pod", "rm", "--all", "--force", "--time", "5");
    podman("rm", "--all", "--force", "--time", "5");
    if (!purge) return "pods and containers removed";
    podman("system", "reset", "--force");
    deleteTree(cluster.podmanRunroot());
    return "pods, containers, images, networks and storage removed";
  }

  /**
   * Unmounts what the stopped service left mounted under the cluster's Podman directory (its
   * overlay driver bind-mounts {@code root/overlay} onto itself and a SIGTERM does not undo it;
   * {@code --purge} could not delete the directory). Innermost first.
   *
   * @return how many mounts were removed
   */
  public int unmountStorage() throws IOException, InterruptedException {
    String prefix = cluster.podmanDir().toString() + "/";
    List<String> mounts = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
      // Field 5 is the mount point; spaces in it are written as \040.
      String point = line.split(" ")[4].replace("\\040", " ");
      if (point.startsWith(prefix)) mounts.add(point);
    }
    mounts.sort(Comparator.reverseOrder());
    for (String point : mounts) run(List.of("umount", point));
    return mounts.size();
  }

  private void podman(String... args) throws IOException, InterruptedException {
    run(cluster.podmanCommand(args));
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
    }
    if (p.exitValue() != 0) throw new IOException(String.join(" ", command) + " failed: " + out.trim());
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
