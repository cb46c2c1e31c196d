package io.capstan.nodeagent.event;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PodEvents} written to the apiserver as core/v1 Events on a thread of their own. As the
 * kubelet's event correlator does, a repeat of the same event (same object, reason and message)
 * raises the stored event's {@code count} and {@code lastTimestamp} instead of adding another.
 */
public final class ApiPodEvents implements PodEvents, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ApiPodEvents.class);
  private static final int REMEMBERED = 4096;

  private final KubernetesClient client;
  private final String node;
  private final Clock clock;
  private final ExecutorService writer;
  /** Event name and count by correlation key; the oldest are forgotten first. */
  private final Map<String, Event> recent = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Event> eldest) {
      return size() > REMEMBERED;
    }
  };

  public ApiPodEvents(KubernetesClient client, String node, Clock clock) {
    this.client = client;
    this.node = node;
    this.clock = clock;
    this.writer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "node-agent-events");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void record(Target target, String type, String reason, String message) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    try {
      writer.execute(() -> write(target, type, reason, message, now));
    } catch (RejectedExecutionException e) {
      log.debug("agent stopping: event {} {} not recorded", reason, message);
    }
  }

  private void write(Target t, String type, String reason, String message, Instant now) {
    String key = t.uid() + "/" + t.fieldPath() + "/" + type + "/" + reason + "/" + message;
    Event seen = recent.get(key);
    try {
      if (seen != null) {
        int count = seen.getCount() == null ? 2 : seen.getCount() + 1;
        Event updated = client.v1().events().inNamespace(t.namespace()).withName(seen.getMetadata().getName())
            .edit(e -> new EventBuilder(e).withCount(count).withLastTimestamp(now.toString()).build());
        recent.put(key, updated);
        return;
      }
      Event e = new EventBuilder()
          .withNewMetadata().withNamespace(t.namespace())
              .withName(t.name() + "." + Long.toHexString(System.nanoTime() ^ now.toEpochMilli() << 20)).endMetadata()
          .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace(t.namespace())
              .withName(t.name()).withUid(t.uid()).withFieldPath(t.fieldPath()).endInvolvedObject()
          .withType(type).withReason(reason).withMessage(message)
          .withNewSource().withComponent("kubelet").withHost(node).endSource()
          .withReportingComponent("kubelet").withReportingInstance(node)
          .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
          .build();
      recent.put(key, client.v1().events().inNamespace(t.namespace()).resource(e).create());
    } catch (KubernetesClientException e) {
      // An event is a report, not state: losing one (namespace going away, apiserver busy) is
      // logged and the agent goes on.
      recent.remove(key);
      log.debug("event {} for {}/{} not recorded: {}", reason, t.namespace(), t.name(), e.getMessage());
    }
  }

  @Override
  public void close() {
    writer.shutdown();
  }
}
