package io.capstan.controllermanager.app;

import io.capstan.client.app.LeaseProperties;
import io.capstan.client.leader.LeaderCallbacks;
import io.capstan.client.leader.LeaderElector;
import io.capstan.controllermanager.ControllerManagerAssembly;
import io.capstan.controllermanager.ControllerManagerSettings;
import io.capstan.controllermanager.credentials.ServiceAccountClients;
import io.capstan.controllermanager.framework.ControllerClients;
import io.capstan.controllermanager.nodelifecycle.NodeLifecycleSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The controller manager's lifecycle in the app: informers start at once; the controllers run
 * only while this replica holds the {@code kube-system/kube-controller-manager} Lease. As in
 * Kubernetes, a replica that loses the Lease exits (its supervisor restarts it as a standby):
 * half-stopped controllers must never keep writing.
 */
@Component
public class ControllerManagerRunner implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(ControllerManagerRunner.class);
  private final ControllerManagerProperties props;
  private final MeterRegistry meters;
  private final ApplicationContext context;
  private KubernetesClient client;
  private ControllerManagerAssembly assembly;
  private LeaderElector elector;
  private volatile boolean running;

  public ControllerManagerRunner(ControllerManagerProperties props, MeterRegistry meters, ApplicationContext context) {
    this.props = props;
    this.meters = meters;
    this.context = context;
  }

  @Override
  public void start() {
    ControllerManagerProperties.Manager m = props.getControllerManager();
    String rootCa = null;
    try {
      if (m.getRootCaFile() != null && !m.getRootCaFile().isBlank()) rootCa = Files.readString(Path.of(m.getRootCaFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the root CA file " + m.getRootCaFile(), e);
    }
    client = props.getApi().connect();
    String identity = LeaseProperties.identity("controller-manager");
    NodeLifecycleSettings nodes = NodeLifecycleSettings.defaults().withGracePeriod(m.getNodeMonitorGracePeriod());
    String scope = m.getNodeScopeLabel() == null ? "" : m.getNodeScopeLabel().trim();
    if (!scope.isEmpty()) {
      int eq = scope.indexOf('=');
      nodes = nodes.withNodeScope(eq < 0 ? n -> n.getMetadata().getLabels() != null
          && n.getMetadata().getLabels().containsKey(scope)
          : NodeLifecycleSettings.labelled(scope.substring(0, eq), scope.substring(eq + 1)));
    }
    ControllerManagerSettings settings = new ControllerManagerSettings(m.getControllers(), m.getWorkers(), ns -> true,
        rootCa, m.getWriteThreads(), nodes, m.getTerminatedPodGcThreshold());
    ControllerClients clients = m.isUseServiceAccountCredentials() ? new ServiceAccountClients(client)
        : ControllerClients.shared(client);
    assembly = new ControllerManagerAssembly(client, clients, props.getKafka().bus("controller-manager-" + identity),
        settings, meters);
    try {
      assembly.start();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the controller manager's informers synced", e);
    }
    elector = m.elector(client, identity, LeaderCallbacks.of(() -> {
      log.info("leading as {}: controllers start", identity);
      assembly.startControllers();
    }, () -> {
      if (!running) return;
      log.error("lost the lease {}/{}: exiting", m.getLeaseNamespace(), m.getLeaseName());
      Thread exit = new Thread(() -> System.exit(SpringApplication.exit(context, () -> 1)), "leader-lost-exit");
      exit.start();
    }, leader -> log.info("controller-manager leader is {}", leader)));
    elector.start();
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    try {
      if (elector != null) elector.stop();
      if (assembly != null) assembly.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (client != null) client.close();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
