package io.capstan.controllermanager.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code capstan.controller-manager.*}, {@code capstan.kafka.*} and how to reach the apiserver. */
@ConfigurationProperties(prefix = "capstan")
public class ControllerManagerProperties {
  private final Kafka kafka = new Kafka();
  private final Api api = new Api();
  private final Manager controllerManager = new Manager();

  public Kafka getKafka() {
    return kafka;
  }

  public Api getApi() {
    return api;
  }

  public Manager getControllerManager() {
    return controllerManager;
  }

  public static class Kafka {
    private String bootstrapServers = "127.0.0.1:9092";
    private Map<String, String> properties = new LinkedHashMap<>();

    public String getBootstrapServers() {
      return bootstrapServers;
    }

    public void setBootstrapServers(String v) {
      bootstrapServers = v;
    }

    public Map<String, String> getProperties() {
      return properties;
    }

    public void setProperties(Map<String, String> v) {
      properties = v;
    }
  }

  public static class Api {
    /** A kubeconfig with the controller manager's credentials (for now the admin one). */
    private String kubeconfig = ".capstan/admin.kubeconfig";

    public String getKubeconfig() {
      return kubeconfig;
    }

    public void setKubeconfig(String v) {
      kubeconfig = v;
    }
  }

  public static class Manager {
    private List<String> controllers = new ArrayList<>(List.of("*"));
    private int workers = 5;
    private int writeThreads = 16;
    private String rootCaFile;
    private String leaseNamespace = "kube-system";
    private String leaseName = "kube-controller-manager";
    private Duration leaseDuration = Duration.ofSeconds(15);
    private Duration renewDeadline = Duration.ofSeconds(10);
    private Duration retryPeriod = Duration.ofSeconds(2);
    private Duration nodeMonitorGracePeriod = Duration.ofSeconds(40);
    /** {@code key=value}: the node lifecycle controllers act only on nodes with this label (empty: every node). */
    private String nodeScopeLabel = "";
    private int terminatedPodGcThreshold = 12500;

    public Duration getNodeMonitorGracePeriod() {
      return nodeMonitorGracePeriod;
    }

    public void setNodeMonitorGracePeriod(Duration v) {
      nodeMonitorGracePeriod = v;
    }

    public String getNodeScopeLabel() {
      return nodeScopeLabel;
    }

    public void setNodeScopeLabel(String v) {
      nodeScopeLabel = v;
    }

    public int getTerminatedPodGcThreshold() {
      return terminatedPodGcThreshold;
    }

    public void setTerminatedPodGcThreshold(int v) {
      terminatedPodGcThreshold = v;
    }

    public List<String> getControllers() {
      return controllers;
    }

    public void setControllers(List<String> v) {
      controllers = v;
    }

    public int getWorkers() {
      return workers;
    }

    public void setWorkers(int v) {
      workers = v;
    }

    public int getWriteThreads() {
      return writeThreads;
    }

    public void setWriteThreads(int v) {
      writeThreads = v;
    }

    public String getRootCaFile() {
      return rootCaFile;
    }

    public void setRootCaFile(String v) {
      rootCaFile = v;
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
}
