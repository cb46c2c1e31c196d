package io.capstan.nodeagent.pod;

import io.capstan.nodeagent.runtime.ContainerSpec;
import io.capstan.nodeagent.runtime.Labels;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A pod's container as a runtime {@link ContainerSpec}: env resolved and expanded, mounts as host paths, limits. */
public final class ContainerSpecs {

  /** The container cannot be made (a missing configMap key, say): kubelet's CreateContainerConfigError. */
  public static final class ConfigError extends Exception {
    public ConfigError(String message) {
      super(message);
    }
  }

  private final ClusterObjects objects;
  private final Map<String, Quantity> allocatable;

  public ContainerSpecs(ClusterObjects objects, Map<String, Quantity> allocatable) {
    this.objects = objects;
    this.allocatable = allocatable;
  }

  public ContainerSpec build(Pod pod, Container c, boolean init, int attempt, String sandboxName,
      Map<String, Path> volumes, String podIp, String hostIp) throws ConfigError {
    Map<String, String> env = env(pod, c, podIp, hostIp);
    List<String> entrypoint = c.getCommand() == null || c.getCommand().isEmpty() ? null : expand(c.getCommand(), env);
    List<String> command = c.getArgs() == null || c.getArgs().isEmpty() ? null : expand(c.getArgs(), env);
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.POD_UID, pod.getMetadata().getUid());
    labels.put(Labels.POD_NAME, pod.getMetadata().getName());
    labels.put(Labels.POD_NAMESPACE, pod.getMetadata().getNamespace());
    labels.put(Labels.CONTAINER_NAME, c.getName());
    labels.put(Labels.ATTEMPT, Integer.toString(attempt));
    labels.put(Labels.CONTAINER_KIND, init ? "init" : "app");
    List<ContainerSpec.Mount> mounts = new ArrayList<>();
    if (c.getVolumeMounts() != null) {
      for (VolumeMount m : c.getVolumeMounts()) {
        Path src = volumes.get(m.getName());
        if (src == null) throw new ConfigError("volumeMount " + m.getName() + " names no volume of the pod");
        if (m.getSubPath() != null && !m.getSubPath().isEmpty()) src = src.resolve(m.getSubPath());
        mounts.add(new ContainerSpec.Mount(src.toString(), m.getMountPath(), Boolean.TRUE.equals(m.getReadOnly())));
      }
    }
    long memory = 0;
    long quota = 0;
    long shares = 0;
    if (c.getResources() != null) {
      Quantity mem = get(c.getResources().getLimits(), "memory");
      if (mem != null) memory = mem.getNumericalAmount().longValue();
      Quantity cpu = get(c.getResources().getLimits(), "cpu");
      if (cpu != null) quota = Math.max(1000, cpu.getNumericalAmount().multiply(BigDecimal.valueOf(100_000)).longValue());
      Quantity req = get(c.getResources().getRequests(), "cpu");
      if (req == null) req = cpu;
      if (req != null) shares = Math.max(2, req.getNumericalAmount().multiply(BigDecimal.valueOf(1024)).longValue());
    }
    String user = null;
    if (c.getSecurityContext() != null && c.getSecurityContext().getRunAsUser() != null) {
      user = c.getSecurityContext().getRunAsUser().toString();
    } else if (pod.getSpec().getSecurityContext() != null && pod.getSpec().getSecurityContext().getRunAsUser() != null) {
      user = pod.getSpec().getSecurityContext().getRunAsUser().toString();
    }
    Long grace = pod.getSpec().getTerminationGracePeriodSeconds();
    String name = sandboxName + "_" + c.getName() + "_" + attempt;
    return new ContainerSpec(name, c.getImage(), entrypoint, command, env, emptyToNull(c.getWorkingDir()), labels, mounts,
        memory, quota, quota > 0 ? 100_000 : 0, shares, user, grace == null ? 30 : grace.intValue(),
        Boolean.TRUE.equals(c.getStdin()), Boolean.TRUE.equals(c.getTty()));
  }

  private Map<String, String> env(Pod pod, Container c, String podIp, String hostIp) throws ConfigError {
    String ns = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>();
    if (c.getEnvFrom() != null) {
      for (EnvFromSource from : c.getEnvFrom()) {
        String prefix = from.getPrefix() == null ? "" : from.getPrefix();
        if (from.getConfigMapRef() != null) {
          Optional<ConfigMap> cm = objects.configMap(ns, from.getConfigMapRef().getName());
          if (cm.isEmpty()) {
            if (Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) continue;
            throw new ConfigError("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
          }
          if (cm.get().getData() != null) cm.get().getData().forEach((k, v) -> env.put(prefix + k, v));
        } else if (from.getSecretRef() != null) {
          Optional<Secret> s = objects.secret(ns, from.getSecretRef().getName());
          if (s.isEmpty()) {
            if (Boolean.TRUE.equals(from.getSecretRef().getOptional())) continue;
            throw new ConfigError("secret \"" + from.getSecretRef().getName() + "\" not found");
          }
          if (s.get().getData() != null) s.get().getData().forEach((k, v) -> env.put(prefix + k, decode(v)));
        }
      }
    }
    if (c.getEnv() != null) {
      for (EnvVar e : c.getEnv()) {
        String value;
        if (e.getValueFrom() == null) {
          value = expand(e.getValue() == null ? "" : e.getValue(), env);
        } else if (e.getValueFrom().getFieldRef() != null) {
          value = FieldPaths.field(pod, e.getValueFrom().getFieldRef().getFieldPath(), podIp, hostIp);
        } else if (e.getValueFrom().getResourceFieldRef() != null) {
          value = FieldPaths.resource(pod, e.getValueFrom().getResourceFieldRef(), c, allocatable);
        } else if (e.getValueFrom().getConfigMapKeyRef() != null) {
          var ref = e.getValueFrom().getConfigMapKeyRef();
          Optional<String> v = objects.configMap(ns, ref.getName()).map(cm -> cm.getData() == null ? null : cm.getData().get(ref.getKey()));
          if (v.isEmpty()) {
            if (Boolean.TRUE.equals(ref.getOptional())) continue;
            throw new ConfigError("couldn't find key " + ref.getKey() + " in ConfigMap " + ns + "/" + ref.getName());
          }
          value = v.get();
        } else if (e.getValueFrom().getSecretKeyRef() != null) {
          var ref = e.getValueFrom().getSecretKeyRef();
          Optional<String> v = objects.secret(ns, ref.getName()).map(s -> s.getData() == null ? null : s.getData().get(ref.getKey()));
          if (v.isEmpty()) {
            if (Boolean.TRUE.equals(ref.getOptional())) continue;
            throw new ConfigError("couldn't find key " + ref.getKey() + " in Secret " + ns + "/" + ref.getName());
          }
          value = decode(v.get());
        } else {
          throw new ConfigError("env " + e.getName() + ": unsupported valueFrom");
        }
        env.put(e.getName(), value == null ? "" : value);
      }
    }
    return env;
  }

  private static String decode(String b64) {
    return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
  }

  private static List<String> expand(List<String> args, Map<String, String> env) {
    List<String> out = new ArrayList<>(args.size());
    for (String a : args) out.add(expand(a, env));
    return out;
  }

  /** Kubernetes' $(VAR) expansion: $$ escapes, unknown references stay as written. */
  static String expand(String s, Map<String, String> env) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '$' && i + 1 < s.length()) {
        char next = s.charAt(i + 1);
        if (next == '$') {
          out.append('$');
          i++;
          continue;
        }
        if (next == '(') {
          int close = s.indexOf(')', i + 2);
          if (close > 0) {
            String name = s.substring(i + 2, close);
            if (env.containsKey(name)) {
              out.append(env.get(name));
              i = close;
              continue;
            }
          }
        }
      }
      out.append(ch);
    }
    return out.toString();
  }

  private static Quantity get(Map<String, Quantity> m, String k) {
    return m == null ? null : m.get(k);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
