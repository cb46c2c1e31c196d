package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Amounts of cpu (millicores), memory and ephemeral storage (bytes), pod count and extended resources. */
public final class Resource {
  public static final String CPU = "cpu";
  public static final String MEMORY = "memory";
  public static final String EPHEMERAL_STORAGE = "ephemeral-storage";
  public static final String PODS = "pods";
  /** Kubernetes' defaults for scoring a container that requests nothing (non-zero requests). */
  public static final long DEFAULT_MILLI_CPU = 100;
  public static final long DEFAULT_MEMORY = 200L * 1024 * 1024;

  public long milliCpu;
  public long memory;
  public long ephemeralStorage;
  public long allowedPods;
  public final Map<String, Long> scalar = new HashMap<>();

  public Resource copy() {
    Resource r = new Resource();
    r.add(this);
    r.allowedPods = allowedPods;
    return r;
  }

  public void add(Resource o) {
    milliCpu += o.milliCpu;
    memory += o.memory;
    ephemeralStorage += o.ephemeralStorage;
    o.scalar.forEach((k, v) -> scalar.merge(k, v, Long::sum));
  }

  public void subtract(Resource o) {
    milliCpu -= o.milliCpu;
    memory -= o.memory;
    ephemeralStorage -= o.ephemeralStorage;
    o.scalar.forEach((k, v) -> scalar.merge(k, -v, Long::sum));
  }

  private void max(Resource o) {
    milliCpu = Math.max(milliCpu, o.milliCpu);
    memory = Math.max(memory, o.memory);
    ephemeralStorage = Math.max(ephemeralStorage, o.ephemeralStorage);
    o.scalar.forEach((k, v) -> scalar.merge(k, v, Math::max));
  }

  public long get(String name) {
    return switch (name) {
      case CPU -> milliCpu;
      case MEMORY -> memory;
      case EPHEMERAL_STORAGE -> ephemeralStorage;
      case PODS -> allowedPods;
      default -> scalar.getOrDefault(name, 0L);
    };
  }

  public void set(String name, long value) {
    switch (name) {
      case CPU -> milliCpu = value;
      case MEMORY -> memory = value;
      case EPHEMERAL_STORAGE -> ephemeralStorage = value;
      case PODS -> allowedPods = value;
      default -> scalar.put(name, value);
    }
  }

  public static Resource fromList(Map<String, Quantity> list) {
    Resource r = new Resource();
    if (list == null) return r;
    list.forEach((name, q) -> r.set(name, amount(name, q)));
    return r;
  }

  /** cpu in millicores (rounded up, as Kubernetes' MilliValue), everything else in base units. */
  public static long amount(String name, Quantity q) {
    BigDecimal v = q.getNumericalAmount();
    if (CPU.equals(name)) v = v.multiply(BigDecimal.valueOf(1000));
    return v.setScale(0, RoundingMode.CEILING).longValueExact();
  }

  /**
   * The pod's effective request (Kubernetes' {@code resource.PodRequests}): the larger of the sum
   * over containers and each init container, plus overhead. A container with limits but no
   * requests requests its limits (what the apiserver's defaulting would have written).
   * @param nonZero use 100m cpu / 200Mi memory for containers that request none (scoring only)
   */
  public static Resource podRequests(Pod pod, boolean nonZero) {
    Resource sum = new Resource();
    for (Container c : pod.getSpec().getContainers()) sum.add(containerRequests(c, nonZero));
    List<Container> init = pod.getSpec().getInitContainers();
    if (init != null) for (Container c : init) sum.max(containerRequests(c, nonZero));
    if (pod.getSpec().getOverhead() != null) sum.add(fromList(pod.getSpec().getOverhead()));
    return sum;
  }

  private static Resource containerRequests(Container c, boolean nonZero) {
    Map<String, Quantity> req = new HashMap<>();
    if (c.getResources() != null) {
      if (c.getResources().getLimits() != null) req.putAll(c.getResources().getLimits());
      if (c.getResources().getRequests() != null) req.putAll(c.getResources().getRequests());
    }
    Resource r = fromList(req);
    if (nonZero) {
      if (!req.containsKey(CPU)) r.milliCpu = DEFAULT_MILLI_CPU;
      if (!req.containsKey(MEMORY)) r.memory = DEFAULT_MEMORY;
    }
    return r;
  }
}
