package io.capstan.nodeagent.stats;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The host's own counters from procfs: busy CPU time ({@code /proc/stat}, all but idle and
 * iowait, in USER_HZ = 100 ticks per second) and memory ({@code /proc/meminfo}).
 */
record HostUsage(long cpuNanos, long memoryTotal, long memoryAvailable, long memoryFree) {
  private static final long NANOS_PER_TICK = 10_000_000L;

  static HostUsage read() {
    long busyTicks = 0;
    long total = 0, available = 0, free = 0;
    try {
      String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      for (int i = 1; i < cpu.length && i <= 8; i++) if (i != 4 && i != 5) busyTicks += Long.parseLong(cpu[i]);
      List<String> mem = Files.readAllLines(Path.of("/proc/meminfo"));
      for (String line : mem) {
        if (line.startsWith("MemTotal:")) total = kib(line);
        else if (line.startsWith("MemAvailable:")) available = kib(line);
        else if (line.startsWith("MemFree:")) free = kib(line);
      }
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("cannot read the host's usage from /proc: " + e, e);
    }
    return new HostUsage(busyTicks * NANOS_PER_TICK, total, available, free);
  }

  private static long kib(String line) {
    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
  }
}
