package io.capstan.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where things are: the repository ({@code home}) and the state directory {@code home/.capstan}.
 * Every path is absolute, so started processes do not depend on their working directory.
 */
public record Workspace(Path home) {

  public Workspace {
    home = home.toAbsolutePath().normalize();
  }

  /**
   * The Capstan home: {@code explicit} if given, else {@code $CAPSTAN_HOME}, else the nearest
   * directory from {@code cwd} upwards holding the {@code capstan} launcher and a {@code pom.xml},
   * else {@code cwd}.
   */
  public static Workspace locate(Path explicit, String env, Path cwd) {
    if (explicit != null) {
      return new Workspace(explicit);
    }
    if (env != null && !env.isBlank()) {
      return new Workspace(Path.of(env));
    }
    Path start = cwd.toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("capstan")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return new Workspace(dir);
      }
    }
    return new Workspace(start);
  }

  public Path state() {
    return home.resolve(".capstan");
  }

  public Path pki() {
    return state().resolve("pki");
  }

  public Path run() {
    return state().resolve("run");
  }

  public Path logs() {
    return state().resolve("logs");
  }

  public Path etcdData() {
    return state().resolve("etcd");
  }

  public Path kafkaData() {
    return state().resolve("kafka");
  }

  public Path kubeconfig() {
    return state().resolve("admin.kubeconfig");
  }

  /** The kubeconfig of one of Capstan's components ({@code scheduler}, {@code controller-manager}, {@code node}). */
  public Path componentKubeconfig(String identityFile) {
    return state().resolve(identityFile + ".kubeconfig");
  }

  public Path configRepository() {
    return home.resolve("config");
  }

  public Path pidFile(String component) {
    return run().resolve(component + ".pid");
  }

  public Path logFile(String component) {
    return logs().resolve(component + ".log");
  }

  public Path caCertificate() {
    return pki().resolve("ca.crt");
  }
}
