package io.capstan.nodeagent.runtime;

import java.time.Instant;
import java.util.Map;

/** A container as the runtime reports it. Times are null when not reached. */
public record RuntimeContainer(String id, String name, Map<String, String> labels, State state, int exitCode,
    Instant startedAt, Instant finishedAt, String image, String imageId) {

  public enum State { CREATED, RUNNING, EXITED }

  public String containerName() {
    return labels.get(Labels.CONTAINER_NAME);
  }

  public String podUid() {
    return labels.get(Labels.POD_UID);
  }

  public int attempt() {
    String a = labels.get(Labels.ATTEMPT);
    return a == null ? 0 : Integer.parseInt(a);
  }

  public boolean running() {
    return state == State.RUNNING;
  }
}
