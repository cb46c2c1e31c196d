package io.capstan.nodeagent.runtime.podman;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which containers the kernel's OOM killer struck, read from the kernel log ({@code /dev/kmsg}) as
 * cAdvisor's oomparser does for the kubelet. Podman 4.3 with runc on cgroup v1 never sets
 * {@code State.OOMKilled}, and a container's memory cgroup (whose {@code oom_kill} counter would
 * tell) is removed as soon as it exits, so the kernel's {@code oom-kill:...task_memcg=...} record
 * is what survives. One reader per JVM; it starts at the oldest record the ring buffer still holds,
 * so a restarted agent knows about kills of the containers it adopts.
 */
final class KernelOomLog {
  private static final Logger log = LoggerFactory.getLogger(KernelOomLog.class);
  private static final Path KMSG = Path.of("/dev/kmsg");
  private static final String MARKER = "oom-kill:";
  private static final String TASK_MEMCG = "task_memcg=";
  private static volatile KernelOomLog shared;

  private final Set<String> killed = ConcurrentHashMap.newKeySet();

  /** The JVM's reader, started on first use. */
  static KernelOomLog shared() {
    KernelOomLog s = shared;
    if (s != null) return s;
    synchronized (KernelOomLog.class) {
      if (shared == null) {
        shared = new KernelOomLog();
        Thread t = new Thread(shared::readForever, "kmsg-oom");
        t.setDaemon(true);
        t.start();
      }
      return shared;
    }
  }

  /** Whether a process of container {@code containerId} was killed by the OOM killer. */
  boolean killedIn(String containerId) {
    return killed.contains(containerId);
  }

  /** Forgets a removed container (ids are never reused, this only bounds the set). */
  void forget(String containerId) {
    killed.remove(containerId);
  }

  /** Records the container a kernel log record's OOM kill hit, if it is one. */
  void accept(String record) {
    containerOf(record).ifPresent(killed::add);
  }

  /**
   * The container id in an {@code oom-kill:} record: the last segment of {@code task_memcg}
   * ({@code /libpod_parent/<pod>/libpod-<id>}, or {@code libpod-<id>.scope} under systemd).
   */
  static Optional<String> containerOf(String record) {
    int at = record.indexOf(MARKER);
    if (at < 0) return Optional.empty();
    int m = record.indexOf(TASK_MEMCG, at);
    if (m < 0) return Optional.empty();
    int end = record.indexOf(',', m);
    String memcg = record.substring(m + TASK_MEMCG.length(), end < 0 ? record.length() : end).strip();
    String last = memcg.substring(memcg.lastIndexOf('/') + 1);
    if (last.endsWith(".scope")) last = last.substring(0, last.length() - ".scope".length());
    if (!last.startsWith("libpod-")) return Optional.empty();
    String id = last.substring("libpod-".length());
    return id.matches("[0-9a-f]{64}") ? Optional.of(id) : Optional.empty();
  }

  private void readForever() {
    byte[] buf = new byte[8192];
    try (InputStream in = new FileInputStream(KMSG.toFile())) {
      while (true) {
        int n;
        try {
          n = in.read(buf); // one record per read
        } catch (IOException e) {
          // EPIPE: the ring buffer overwrote records not yet read; the next read resumes after them.
          if (String.valueOf(e.getMessage()).contains("Broken pipe")) continue;
          throw e;
        }
        if (n < 0) return;
        accept(new String(buf, 0, n, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      log.warn("cannot read the kernel log {} ({}): OOM kills are reported as Error", KMSG, e.getMessage());
    }
  }
}
