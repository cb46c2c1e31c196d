package io.capstan.nodeagent.node;

import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the host offers, read from /proc and the JVM: capacity, addresses, OS facts for nodeInfo. */
public record HostInfo(int cpus, long memoryBytes, long diskBytes, String internalIp, String kernelVersion,
    String osImage, String machineId, String bootId, String architecture) {

  public static HostInfo read(Path stateDir) {
    long mem = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) mem = Long.parseLong(line.replaceAll("\\D", "")) * 1024;
      }
    } catch (IOException e) {
      mem = Runtime.getRuntime().maxMemory();
    }
    long disk = stateDir.toFile().getTotalSpace();
    String arch = System.getProperty("os.arch");
    arch = "x86_64".equals(arch) ? "amd64" : "aarch64".equals(arch) ? "arm64" : arch;
    return new HostInfo(Runtime.getRuntime().availableProcessors(), mem, disk, detectInternalIp(),
        firstLine("/proc/sys/kernel/osrelease"), readOsImage(), firstLine("/etc/machine-id"),
        firstLine("/proc/sys/kernel/random/boot_id"), arch);
  }

  public Map<String, Quantity> capacity(int maxPods) {
    Map<String, Quantity> m = new LinkedHashMap<>();
    m.put("cpu", new Quantity(Integer.toString(cpus)));
    m.put("memory", new Quantity(memoryBytes / 1024 + "Ki"));
    m.put("ephemeral-storage", new Quantity(diskBytes / 1024 + "Ki"));
    m.put("pods", new Quantity(Integer.toString(maxPods)));
    return m;
  }

  /**
   * The IPv4 address of the interface holding the default route; failing that, the first address
   * of an interface that is up and not a loopback or a pod bridge. (A plain scan picked a test's
   * pod bridge once it existed, so a restarted agent reported another InternalIP.)
   */
  private static String detectInternalIp() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/net/route"))) {
        String[] f = line.trim().split("\\s+");
        if (f.length > 2 && "00000000".equals(f[1])) {
          NetworkInterface nif = NetworkInterface.getByName(f[0]);
          if (nif == null) continue;
          for (InetAddress a : Collections.list(nif.getInetAddresses())) {
            if (a instanceof Inet4Address) return a.getHostAddress();
          }
        }
      }
    } catch (IOException e) {
      // No /proc/net/route (not Linux): the scan below decides.
    }
    try {
      for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (nif.isLoopback() || !nif.isUp() || nif.isVirtual() || nif.getName().startsWith("cni")
            || nif.getName().startsWith("podman") || nif.getName().startsWith("veth") || nif.getName().startsWith("capstan")) {
          continue;
        }
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address && !a.isLinkLocalAddress()) return a.getHostAddress();
        }
      }
    } catch (SocketException e) {
      return "127.0.0.1";
    }
    return "127.0.0.1";
  }

  private static String readOsImage() {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
        if (line.startsWith("PRETTY_NAME=")) return line.substring(12).replace("\"", "");
      }
    } catch (IOException e) {
      return "Linux";
    }
    return "Linux";
  }

  private static String firstLine(String file) {
    try {
      return Files.readAllLines(Path.of(file)).stream().findFirst().orElse("").trim();
    } catch (IOException e) {
      return "";
    }
  }
}
