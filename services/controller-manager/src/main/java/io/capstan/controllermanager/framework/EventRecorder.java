package io.capstan.controllermanager.framework;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * core/v1 Events for what controllers do ({@code SuccessfulCreate}, {@code ScalingReplicaSet}, …),
 * so {@code kubectl describe} tells the story. Written on one background thread from a bounded
 * queue: an event is best-effort and must never slow or fail a reconcile (client-go's broadcaster
 * drops too); a failed write is logged.
 */
public class EventRecorder implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private final ApiWriter writer;
  private final String component;
  private final ExecutorService executor;

  public EventRecorder(ApiWriter writer, String component) {
    this(writer, component, new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000), r -> {
      Thread t = new Thread(r, "event-recorder");
      t.setDaemon(true);
      return t;
    }));
  }

  private EventRecorder(ApiWriter writer, String component, ExecutorService executor) {
    this.writer = writer;
    this.component = component;
    this.executor = executor;
  }

  /** A recorder on this one's queue and thread that writes with {@code other} (a controller's own identity). */
  public EventRecorder writingWith(ApiWriter other) {
    return new EventRecorder(other, component, executor);
  }

  public void normal(HasMetadata object, String reason, String message) {
    record(object, "Normal", reason, message);
  }

  public void warning(HasMetadata object, String reason, String message) {
    record(object, "Warning", reason, message);
  }

  protected void record(HasMetadata object, String type, String reason, String message) {
    Event e = build(object, type, reason, message, component);
    try {
      executor.execute(() -> {
        try {
          writer.create(e);
        } catch (RuntimeException ex) {
          log.info("event {} {} on {} not written: {}", reason, type, Keys.of(object), ex.toString());
        }
      });
    } catch (RejectedExecutionException ex) {
      log.info("event queue full or closed; dropped {} on {}", reason, Keys.of(object));
    }
  }

  static Event build(HasMetadata object, String type, String reason, String message, String component) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String name = object.getMetadata().getName() + "."
        + Long.toHexString(System.currentTimeMillis() * 1000 + ThreadLocalRandom.current().nextInt(1000));
    return new EventBuilder().withNewMetadata().withName(name).withNamespace(
            object.getMetadata().getNamespace() == null ? "default" : object.getMetadata().getNamespace()).endMetadata()
        .withNewInvolvedObject().withApiVersion(object.getApiVersion()).withKind(object.getKind())
        .withName(object.getMetadata().getName()).withNamespace(object.getMetadata().getNamespace())
        .withUid(object.getMetadata().getUid()).withResourceVersion(object.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(type).withReason(reason).withMessage(message)
        .withNewSource().withComponent(component).endSource()
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1).withReportingComponent(component)
        .build();
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
