package io.capstan.nodeagent.runtime.podman;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A container's inactive file cache from its cgroup v1 {@code memory.stat}: Podman's MemUsage
 * includes the page cache, and the working set (what {@code kubectl top} shows) leaves out what
 * the kernel can drop. With cgroupfs Podman nests containers as {@code
 * libpod_parent/<pod>/libpod-<container>}.
 */
final class CgroupMemory {
  private static final Path PARENT = Path.of("/sys/fs/cgroup/memory/libpod_parent");

  private CgroupMemory() {}

  /** Bytes of {@code total_inactive_file}; 0 where the cgroup cannot be read (cgroup v2, gone). */
  static long inactiveFile(String containerId) {
    if (!Files.isDirectory(PARENT)) return 0;
    try (DirectoryStream<Path> pods = Files.newDirectoryStream(PARENT)) {
      for (Path pod : pods) {
        Path stat = pod.resolve("libpod-" + containerId).resolve("memory.stat");
        if (!Files.isReadable(stat)) continue;
        for (String line : Files.readAllLines(stat)) {
          if (line.startsWith("total_inactive_file ")) return Long.parseLong(line.substring(20).trim());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0; // usage then counts the cache too, as Podman reports it
    }
    return 0;
  }
}
