package io.capstan.controllermanager.app;

import io.capstan.client.app.ApiProperties;
import io.capstan.client.app.KafkaProperties;
import io.capstan.client.app.LeaseProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code capstan.controller-manager.*}, {@code capstan.kafka.*} and how to reach the apiserver. */
@ConfigurationProperties(prefix = "capstan")
public class ControllerManagerProperties {
  private final KafkaProperties kafka = new KafkaProperties();
  private final ApiProperties api = new ApiProperties();
  private final Manager controllerManager = new Manager();

  public KafkaProperties getKafka() {
    return kafka;
  }

  public ApiProperties getApi() {
    return api;
  }

  public Manager getControllerManager() {
    return controllerManager;
  }

  public static class Manager extends LeaseProperties {
    private List<String> controllers = new ArrayList<>(List.of("*"));
    private int workers = 5;
    private int writeThreads = 16;
    private String rootCaFile;
    private Duration nodeMonitorGracePeriod = Duration.ofSeconds(40);
    /** {@code key=value}: the node lifecycle controllers act only on nodes with this label (empty: every node). */
    private String nodeScopeLabel = "";
    private int terminatedPodGcThreshold = 12500;
    /** Each controller under its own service account (Kubernetes' {@code --use-service-account-credentials}). */
    private boolean useServiceAccountCredentials = true;

    public boolean isUseServiceAccountCredentials() {
      return useServiceAccountCredentials;
    }

    public void setUseServiceAccountCredentials(boolean v) {
      useServiceAccountCredentials = v;
    }

    public Manager() {
      super("kube-controller-manager");
    }

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
  }
}
