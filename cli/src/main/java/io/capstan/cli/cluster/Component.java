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
 * @param health answers 2xx once the component is ready; HTTPS URLs are checked against the
 *     cluster CA
 * @param dependsOn names of components that must be healthy before this one starts
 * @param startTimeout how long to wait for {@code health} after starting
 */
public record Component(
    String name, List<String> command, URI health, List<String> dependsOn, Duration startTimeout) {

  public Component {
    command = List.copyOf(command);
    dependsOn = List.copyOf(dependsOn);
  }
}
