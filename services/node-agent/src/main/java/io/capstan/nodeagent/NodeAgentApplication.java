package io.capstan.nodeagent;

import io.capstan.nodeagent.logs.ContainerLogManager;
import io.capstan.nodeagent.runtime.ContainerRuntime;
import io.capstan.nodeagent.runtime.SimulatedRuntime;
import io.capstan.nodeagent.runtime.podman.BusyboxImage;
import io.capstan.nodeagent.runtime.podman.PodmanRuntime;
import io.capstan.nodeagent.tls.ClientCas;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/** The node agent as a service: {@code capstan up} runs one for the local machine. */
@SpringBootApplication
@EnableConfigurationProperties(NodeAgentApplication.Settings.class)
public class NodeAgentApplication {

  public static void main(String[] args) {
    SpringApplication.run(NodeAgentApplication.class, args);
  }

  /**
   * {@code capstan.node.*}.
   *
   * @param name the node name (default: the host name)
   * @param kubeconfig credentials for the apiserver
   * @param runtime {@code podman} or {@code simulated}
   * @param buildImage build localhost/capstan/busybox:1 at start if it is missing
   * @param apiPort the node API's port (default 10250)
   * @param clusterDns the cluster DNS address(es) for ClusterFirst pods (none: the host's resolv.conf)
   * @param clusterDomain default cluster.local
   * @param clientCaFile the CA bundle whose client certificates the node API accepts (default: the
   *     kubeconfig's certificate authority, the cluster CA)
   * @param containerLogMaxSize a container's log file is rotated at this size (a quantity, default 10Mi)
   * @param containerLogMaxFiles log files kept per container, the live one included (default 5)
   */
  @ConfigurationProperties("capstan.node")
  public record Settings(String name, String kubeconfig, String stateDir, String runtime, String podmanSocket,
      String network, String bridge, String subnet, String gateway, Boolean buildImage, String busybox,
      Integer apiPort, List<String> clusterDns, String clusterDomain, String clientCaFile, String containerLogMaxSize,
      Integer containerLogMaxFiles) {}

  @Bean(destroyMethod = "close")
  KubernetesClient kubernetesClient(Settings s) throws IOException {
    return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(Path.of(s.kubeconfig())))).build();
  }

  @Bean(destroyMethod = "close")
  ContainerRuntime containerRuntime(Settings s) throws IOException {
    if ("simulated".equals(s.runtime())) return new SimulatedRuntime(Clock.systemUTC());
    Path busybox = s.busybox() == null ? BusyboxImage.HOST_BUSYBOX : Path.of(s.busybox());
    PodmanRuntime podman = new PodmanRuntime(Path.of(s.podmanSocket()),
        new PodmanRuntime.Network(s.network(), s.bridge(), s.subnet(), s.gateway()), nodeName(s)).withBusybox(busybox);
    if (!Boolean.FALSE.equals(s.buildImage())) {
      Path state = Path.of(s.stateDir());
      Files.createDirectories(state);
      BusyboxImage.ensure(podman, busybox, state);
    }
    return podman;
  }

  @Bean(destroyMethod = "close")
  NodeAgent nodeAgent(Settings s, KubernetesClient client, ContainerRuntime runtime) {
    NodeAgentConfig config = NodeAgentConfig.defaults(nodeName(s), Path.of(s.stateDir()));
    if (s.apiPort() != null) config = config.withApiPort(s.apiPort());
    if (s.clusterDns() != null && !s.clusterDns().isEmpty()) {
      config = config.withClusterDns(s.clusterDns(), s.clusterDomain() == null ? "cluster.local" : s.clusterDomain());
    }
    config = config.withContainerLogs(containerLogs(s));
    return s.clientCaFile() == null || s.clientCaFile().isBlank() ? new NodeAgent(config, client, runtime)
        : new NodeAgent(config, client, runtime, ClientCas.fromFile(Path.of(s.clientCaFile())));
  }

  static ContainerLogManager.Policy containerLogs(Settings s) {
    ContainerLogManager.Policy d = ContainerLogManager.Policy.DEFAULT;
    long size = s.containerLogMaxSize() == null ? d.maxSize()
        : Quantity.getAmountInBytes(new Quantity(s.containerLogMaxSize())).longValueExact();
    return new ContainerLogManager.Policy(size, s.containerLogMaxFiles() == null ? d.maxFiles() : s.containerLogMaxFiles());
  }

  @Bean
  ApplicationRunner startAgent(NodeAgent agent) {
    return args -> agent.start();
  }

  static String nodeName(Settings s) {
    if (s.name() != null && !s.name().isBlank()) return s.name();
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim().toLowerCase();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
