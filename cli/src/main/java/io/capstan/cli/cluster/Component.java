package io.capstan.cli.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * One process of the local cluster.
 *
 * @param name also the name of its PID file ({@code .capstan/run/<name>.pid}) and log file
 * @param command the full command line, with absolute paths (see {@link ComponentProcesses}: a
 *     process is recognised as ours only if its command line mentions the Capstan home)
 * @param health how to tell the component is ready (an HTTP health URL answering 2xx, HTTPS
 *     checked against the cluster CA; or a TCP port accepting connections)
 * @param dependsOn names of components that must be healthy before this one starts
 * @param startTimeout how long to wait for {@code health} after starting
 */
public record Component(
    String name, List<String> command, Readiness health, List<String> dependsOn, Duration startTimeout) {

  public Component {
    command = List.copyOf(command);
    dependsOn = List.copyOf(dependsOn);
  }

  /** A component whose readiness is an HTTP(S) health URL. */
  public Component(
      String name, List<String> command, URI health, List<String> dependsOn, Duration startTimeout) {
    this(name, command, Readiness.http(health), dependsOn, startTimeout);
  }
}
