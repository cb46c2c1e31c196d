package io.capstan.cli.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The name the local node agent registers its Node under: the host name, lower-cased, as the node
 * agent computes it by default. `capstan init` issues the node's certificate for this name and
 * `capstan up` passes it to the agent, so the two cannot disagree.
 */
public final class HostNodeName {
  private HostNodeName() {}

  public static String get() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().toLowerCase();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
