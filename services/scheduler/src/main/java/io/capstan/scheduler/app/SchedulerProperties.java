package io.capstan.scheduler.app;

import io.capstan.client.app.ApiProperties;
import io.capstan.client.app.KafkaProperties;
import io.capstan.client.app.LeaseProperties;
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
  private final KafkaProperties kafka = new KafkaProperties();
  private final ApiProperties api = new ApiProperties();
  private final Scheduler scheduler = new Scheduler();

  public KafkaProperties getKafka() {
    return kafka;
  }

  public ApiProperties getApi() {
    return api;
  }

  public Scheduler getScheduler() {
    return scheduler;
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

  public static class Scheduler extends LeaseProperties {
    private List<Profile> profiles = new ArrayList<>(List.of(new Profile()));
    private int percentageOfNodesToScore;
    private int parallelism = 16;
    private int binderThreads = 16;
    private Duration podInitialBackoff = Duration.ofSeconds(1);
    private Duration podMaxBackoff = Duration.ofSeconds(10);

    public Scheduler() {
      super("kube-scheduler");
    }

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
  }
}
