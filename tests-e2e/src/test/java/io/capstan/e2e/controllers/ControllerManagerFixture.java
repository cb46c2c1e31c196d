package io.capstan.e2e.controllers;

import io.capstan.client.bus.BusSettings;
import io.capstan.controllermanager.ControllerManagerAssembly;
import io.capstan.controllermanager.ControllerManagerSettings;
import io.capstan.controllermanager.nodelifecycle.NodeLifecycleSettings;
import io.capstan.e2e.support.Fabric8;
import io.capstan.testing.ApiServerProcess;
import io.capstan.testing.KafkaProcess;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One in-process controller manager for the controller e2e tests, against the suite's apiserver
 * and Kafka. It only acts in namespaces named {@code cm-*} ({@link #PREFIX}), so other test
 * classes' Deployments and namespaces are left as they expect them.
 */
final class ControllerManagerFixture {
  static final String PREFIX = "cm";
  /** Nodes labelled {@code capstan.io/cluster=cm} are the ones this fixture's node lifecycle controller watches. */
  static final String NODE_LABEL = "capstan.io/cluster";
  static final Duration NODE_GRACE = Duration.ofSeconds(6);

  final KubernetesClient client;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final ControllerManagerAssembly manager;

  ControllerManagerFixture() throws Exception {
    ApiServerProcess api = ApiServerProcess.shared();
    client = Fabric8.client(api);
    BusSettings bus = BusSettings.local(KafkaProcess.shared().bootstrapServers(),
        "e2e-controller-manager-" + ThreadLocalRandom.current().nextInt(1 << 30));
    ControllerManagerSettings settings = ControllerManagerSettings.defaults()
        .withNamespaceScope(ns -> ns.startsWith(PREFIX + "-"))
        // Other classes create bare Node objects no agent heartbeats for: only this fixture's nodes are judged.
        .withNodeLifecycle(NodeLifecycleSettings.defaults().withGracePeriod(NODE_GRACE)
            .withNodeScope(NodeLifecycleSettings.labelled(NODE_LABEL, PREFIX)))
        .withRootCa(Files.readString(api.pki().resolve("ca.crt")));
    manager = new ControllerManagerAssembly(client, bus, settings, meters);
    manager.start();
    manager.startControllers();
  }

  void close() throws InterruptedException {
    manager.close();
    client.close();
  }
}
