package io.capstan.scheduler.framework;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * State of one scheduling cycle, written by PreFilter/PreScore plugins and read by their
 * Filter/Score counterparts. Filter and Score run on many threads at once, so values written
 * before them must not be mutated afterwards; preemption works on a {@link #copy()}.
 */
public final class CycleState {
  private final Map<String, Object> data = new ConcurrentHashMap<>();

  public void write(String key, Object value) {
    data.put(key, value);
  }

  /** @return the value, or null when the plugin's PreFilter/PreScore did not run (or skipped) */
  public <T> T read(String key, Class<T> type) {
    Object v = data.get(key);
    return v == null ? null : type.cast(v);
  }

  public CycleState copy() {
    CycleState c = new CycleState();
    data.forEach((k, v) -> c.data.put(k, v instanceof Copyable cp ? cp.copy() : v));
    return c;
  }

  /** State a PreFilter extension mutates (AddPod/RemovePod) must be copyable for preemption's dry runs. */
  public interface Copyable {
    Object copy();
  }
}
