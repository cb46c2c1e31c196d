package io.capstan.client.app;

import io.capstan.client.leader.Fabric8LeaseStore;
import io.capstan.client.leader.LeaderCallbacks;
import io.capstan.client.leader.LeaderElectionConfig;
import io.capstan.client.leader.LeaderElector;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.UUID;

/**
 * Leader election settings with Kubernetes' defaults (15 s lease, 10 s renew deadline, 2 s
 * retry). A component's own settings class extends this one, so the keys sit beside its other
 * settings ({@code capstan.scheduler.lease-name}).
 */
public class LeaseProperties {
  private String leaseNamespace = "kube-system";
  private String leaseName;
  private Duration leaseDuration = Duration.ofSeconds(15);
  private Duration renewDeadline = Duration.ofSeconds(10);
  private Duration retryPeriod = Duration.ofSeconds(2);

  protected LeaseProperties(String defaultLeaseName) {
    this.leaseName = defaultLeaseName;
  }

  /** This replica's holder identity: host name plus a random part, as client-go makes it. */
  public static String identity(String fallbackHost) {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = fallbackHost;
    }
    return host + "_" + UUID.randomUUID();
  }

  /** An elector over this Lease for {@code identity}; the caller starts it. */
  public LeaderElector elector(KubernetesClient client, String identity, LeaderCallbacks callbacks) {
    LeaderElectionConfig cfg = LeaderElectionConfig.of(leaseNamespace, leaseName, identity)
        .withTimings(leaseDuration, renewDeadline, retryPeriod);
    return new LeaderElector(cfg, new Fabric8LeaseStore(client, leaseNamespace, leaseName), callbacks);
  }

  public String getLeaseNamespace() {
    return leaseNamespace;
  }

  public void setLeaseNamespace(String v) {
    leaseNamespace = v;
  }

  public String getLeaseName() {
    return leaseName;
  }

  public void setLeaseName(String v) {
    leaseName = v;
  }

  public Duration getLeaseDuration() {
    return leaseDuration;
  }

  public void setLeaseDuration(Duration v) {
    leaseDuration = v;
  }

  public Duration getRenewDeadline() {
    return renewDeadline;
  }

  public void setRenewDeadline(Duration v) {
    renewDeadline = v;
  }

  public Duration getRetryPeriod() {
    return retryPeriod;
  }

  public void setRetryPeriod(Duration v) {
    retryPeriod = v;
  }
}
