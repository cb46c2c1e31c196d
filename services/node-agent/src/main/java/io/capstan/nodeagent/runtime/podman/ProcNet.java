package io.capstan.nodeagent.runtime.podman;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads LISTEN sockets from /proc/PID/net/tcp{,6}: what is bound inside the pod's network
 * namespace. Only a socket that a connection to the pod's IP would reach counts — bound to that
 * address or to every address — as the kubelet's tcpSocket probe dials the pod's IP: a server on
 * the pod's loopback fails it.
 */
final class ProcNet {
  /** TCP state 0A is LISTEN. */
  private static final String LISTEN = "0A";
  private static final String ANY_V4 = "00000000";
  private static final String ANY_V6 = "0".repeat(32);
  /** ::ffff:0:0/96, how a dual-stack socket names an IPv4 peer: the third word is 0000FFFF. */
  private static final String MAPPED_V4_PREFIX = "0".repeat(16) + word(new byte[] {0, 0, (byte) 0xff, (byte) 0xff});

  private ProcNet() {}

  static boolean listening(int pid, String podIp, int port) {
    if (pid <= 0) return false;
    List<String> table = new ArrayList<>();
    for (String f : List.of("tcp", "tcp6")) {
      try {
        table.addAll(Files.readAllLines(Path.of("/proc", Integer.toString(pid), "net", f)));
      } catch (IOException e) {
        // The infra exited (pod going away): nothing listens.
        return false;
      }
    }
    return listening(table, podIp, port);
  }

  /** @param table lines of /proc/net/tcp and tcp6 (their headers included) */
  static boolean listening(List<String> table, String podIp, int port) {
    Set<String> reachable = podIp == null || podIp.isEmpty() ? Set.of(ANY_V4, ANY_V6)
        : Set.of(ANY_V4, ANY_V6, v4(podIp), MAPPED_V4_PREFIX + v4(podIp));
    String hexPort = String.format(Locale.ROOT, "%04X", port);
    for (String line : table) {
      String[] cols = line.trim().split("\\s+");
      if (cols.length <= 3 || !LISTEN.equals(cols[3])) continue;
      String[] local = cols[1].split(":");
      if (local.length == 2 && local[1].equals(hexPort) && reachable.contains(local[0])) return true;
    }
    return false;
  }

  /** An IPv4 address as the kernel prints it: one 32-bit word in the host's byte order. */
  private static String v4(String ip) {
    String[] parts = ip.split("\\.");
    byte[] b = new byte[4];
    for (int i = 0; i < 4; i++) b[i] = (byte) Integer.parseInt(parts[i]);
    return word(b);
  }

  private static String word(byte[] networkOrder) {
    int value = ByteBuffer.wrap(networkOrder).order(ByteOrder.nativeOrder()).getInt();
    return String.format(Locale.ROOT, "%08X", value);
  }
}
