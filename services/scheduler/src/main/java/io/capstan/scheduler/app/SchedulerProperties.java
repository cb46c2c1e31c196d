package io.capstan.scheduler.app;

import io.capstan.scheduler.core.SchedulerSettings;
import io.capstan.scheduler.framework.ProfileSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code capstan.scheduler.*}, {@code capstan.kafka.*} and how to reach the apiserver. */
@ConfigurationProperties(prefix = "capstan")
public class SchedulerProperties {
  private final Kafka kafka = new Kafka();
  private final Api api = new Api();
  private final Scheduler scheduler = new Scheduler();

  public Kafka getKafka() {
    return kafka;
  }

  public Api getApi() {
    return api;
  }

  public Scheduler getScheduler() {
    return scheduler;
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
    /** A kubeconfig with the scheduler's credentials (for now the admin one). */
    private String kubeconfig = ".capstan/admin.kubeconfig";

    public String getKubeconfig() {
      return kubeconfig;
    }

    public void setKubeconfig(String v) {
      kubeconfig = v;
    }
  }

  public static class Profile {
    private String schedulerName = "default-scheduler";
    private List<String> plugins = new ArrayList<>();
    private List<String> disabled = new ArrayList<>();
    private Map<String, Integer> weights = new LinkedHashMap<>();
    private Map<String, Map<String, Object>> args = new LinkedHashMap<>();

    public String getSchedulerName() {
      return schedulerName;
    }

    public void setSchedulerName(String v) {
      schedulerName = v;
    }

    public List<String> getPlugins() {
      return plugins;
    }

    public void setPlugins(List<String> v) {
      plugins = v;
    }

    public List<String> getDisabled() {
      return disabled;
    }

    public void setDisabled(List<String> v) {
      disabled = v;
    }

    public Map<String, Integer> getWeights() {
      return weights;
    }

    public void setWeights(Map<String, Integer> v) {
      weights = v;
    }

    public Map<String, Map<String, Object>> getArgs() {
      return args;
    }

    public void setArgs(Map<String, Map<String, Object>> v) {
      args = v;
    }
  }

  public static class Scheduler {
    private List<Profile> profiles = new ArrayList<>(List.of(new Profile()));
    private int percentageOfNodesToScore;
    private int parallelism = 16;
    private int binderThreads = 16;
    private Duration podInitialBackoff = Duration.ofSeconds(1);
    private Duration podMaxBackoff = Duration.ofSeconds(10);
    private String leaseNamespace = "kube-system";
    private String leaseName = "kube-scheduler";
    private Duration leaseDuration = Duration.ofSeconds(15);
    private Duration renewDeadline = Duration.ofSeconds(10);
    private Duration retryPeriod = Duration.ofSeconds(2);

    public SchedulerSettings settings() {
      List<ProfileSpec> specs = new ArrayList<>();
      for (Profile p : profiles) specs.add(new ProfileSpec(p.schedulerName, p.plugins, p.disabled, p.weights, p.args));
      return new SchedulerSettings(specs, percentageOfNodesToScore, parallelism, binderThreads, podInitialBackoff,
          podMaxBackoff, Duration.ofMinutes(5));
    }

    public List<Profile> getProfiles() {
      return profiles;
    }

    public void setProfiles(List<Profile> v) {
      profiles = v;
    }

    public int getPercentageOfNodesToScore() {
      return percentageOfNodesToScore;
    }

    public void setPercentageOfNodesToScore(int v) {
      percentageOfNodesToScore = v;
    }

    public int getParallelism() {
      return parallelism;
    }

    public void setParallelism(int v) {
      parallelism = v;
    }

    public int getBinderThreads() {
      return binderThreads;
    }

    public void setBinderThreads(int v) {
      binderThreads = v;
    }

    public Duration getPodInitialBackoff() {
      return podInitialBackoff;
    }

    public void setPodInitialBackoff(Duration v) {
      podInitialBackoff = v;
    }

    public Duration getPodMaxBackoff() {
      return podMaxBackoff;
    }

    public void setPodMaxBackoff(Duration v) {
      podMaxBackoff = v;
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
