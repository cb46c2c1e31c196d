package io.capstan.dns.app;

import io.capstan.client.bus.BusSettings;
import io.capstan.dns.DnsAssembly;
import io.capstan.proxy.address.LoopbackAddresses;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.UUID;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/** Puts the DNS address on lo, starts serving; on shutdown stops and removes the address. */
@Component
public class DnsRunner implements SmartLifecycle {
  private final DnsProperties props;
  private final MeterRegistry meters;
  private KubernetesClient client;
  private LoopbackAddresses addresses;
  private DnsAssembly assembly;
  private volatile boolean running;

  public DnsRunner(DnsProperties props, MeterRegistry meters) {
    this.props = props;
    this.meters = meters;
  }

  @Override
  public void start() {
    DnsProperties.Dns d = props.dns();
    try {
      client = new KubernetesClientBuilder()
          .withConfig(Config.fromKubeconfig(Files.readString(Path.of(d.kubeconfig())))).build();
      InetAddress ip = InetAddress.getByName(d.address());
      if (d.manageAddress() && !ip.isAnyLocalAddress() && !ip.isLoopbackAddress()) {
        addresses = LoopbackAddresses.onLo(d.addressLabel());
        addresses.add(d.address());
      }
      BusSettings bus = new BusSettings(props.kafka().bootstrapServers(), "dns-" + UUID.randomUUID(), 1, (short) 1,
          new HashMap<>(props.kafka().properties()));
      DnsAssembly.Settings settings = new DnsAssembly.Settings(new InetSocketAddress(ip, d.port()), d.domain(), d.ttl(),
          d.resolvConf().isBlank() ? null : Path.of(d.resolvConf()), Duration.ofMillis(20), ns -> true);
      assembly = new DnsAssembly(client, bus, settings, meters);
      assembly.start(Duration.ofMinutes(2));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start cluster DNS", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while cluster DNS started", e);
    }
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    if (assembly != null) assembly.close();
    if (addresses != null) addresses.close();
    if (client != null) client.close();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
