package io.capstan.proxy.app;

import io.capstan.client.bus.BusSettings;
import io.capstan.proxy.ProxyAssembly;
import io.capstan.proxy.address.LocalOnlyAddresses;
import io.capstan.proxy.address.LoopbackAddresses;
import io.capstan.proxy.address.ServiceAddresses;
import io.capstan.proxy.engine.ServiceProxy;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.UUID;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Starts the proxy with the application and, on shutdown, stops it and removes its service addresses. */
@Component
public class ProxyRunner implements SmartLifecycle {
  private final ProxyProperties props;
  private final MeterRegistry meters;
  private KubernetesClient client;
  private ProxyAssembly assembly;
  private volatile boolean running;

  public ProxyRunner(ProxyProperties props, MeterRegistry meters) {
    this.props = props;
    this.meters = meters;
  }

  @Override
  public void start() {
    ProxyProperties.Proxy p = props.proxy();
    ServiceAddresses addresses;
    try {
      client = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(Path.of(p.kubeconfig())))).build();
      addresses = p.manageAddresses() ? LoopbackAddresses.onLo(p.addressLabel()) : new LocalOnlyAddresses();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the kubeconfig or the addresses on lo", e);
    }
    BusSettings bus = new BusSettings(props.kafka().bootstrapServers(), "proxy-" + UUID.randomUUID(), 1, (short) 1,
        new HashMap<>(props.kafka().properties()));
    ProxyAssembly.Settings settings = new ProxyAssembly.Settings(p.nodeAddress(), p.minSyncPeriod(), p.syncPeriod(),
        ns -> true, new ServiceProxy.Settings(p.connectTimeout(), p.udpIdleTimeout()));
    assembly = new ProxyAssembly(client, bus, addresses, settings, meters);
    try {
      assembly.start(Duration.ofMinutes(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the proxy's informers synced", e);
    }
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    if (assembly != null) assembly.close();
    if (client != null) client.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
