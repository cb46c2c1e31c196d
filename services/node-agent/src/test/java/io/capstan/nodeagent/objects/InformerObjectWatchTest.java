package io.capstan.nodeagent.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.capstan.client.informer.ChangeType;
import io.capstan.client.informer.EventSink;
import io.capstan.client.informer.EventSource;
import io.capstan.client.informer.Snapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One object's informer against a fake LIST and a fake watch the test drives. */
class InformerObjectWatchTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private final AtomicReference<EventSink<ConfigMap>> sink = new AtomicReference<>();
  private final EventSource<ConfigMap> source = () -> (listRevision, s) -> {
    sink.set(s);
    return () -> {};
  };
  private InformerObjectWatch<ConfigMap> watch;

  @AfterEach
  void close() {
    if (watch != null) watch.close();
  }

  @Test
  void servesTheListedObjectThenWhatTheWatchDelivers() throws Exception {
    watch = start(() -> new Snapshot<>(List.of(configMap("v1", 5)), 5));
    watch.awaitListed(WAIT);
    assertThat(watch.current()).map(c -> c.getData().get("k")).contains("v1");

    sink().onChange(ChangeType.MODIFIED, 6, configMap("v2", 6), 0);
    assertThat(watch.current()).map(c -> c.getData().get("k")).contains("v2");

    sink().onChange(ChangeType.DELETED, 7, configMap("v2", 7), 0);
    assertThat(watch.current()).isEmpty();
  }

  @Test
  void aMissingObjectListsAsEmpty() throws Exception {
    watch = start(() -> new Snapshot<>(List.of(), 5));
    watch.awaitListed(WAIT);
    assertThat(watch.current()).isEmpty();

    sink().onChange(ChangeType.ADDED, 6, configMap("created", 6), 0);
    assertThat(watch.current()).map(c -> c.getData().get("k")).contains("created");
  }

  @Test
  void anExpiredWatchRelists() throws Exception {
    BlockingQueue<Snapshot<ConfigMap>> lists = new LinkedBlockingQueue<>(List.of(
        new Snapshot<>(List.of(configMap("v1", 5)), 5), new Snapshot<>(List.of(configMap("v9", 90)), 90)));
    watch = start(lists::take);
    watch.awaitListed(WAIT);

    sink().onResyncRequired("watch expired: 410");
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(watch.current()).map(c -> c.getData().get("k")).contains("v9"));
  }

  @Test
  void aFailedFirstListIsReportedWithItsCause() {
    RuntimeException forbidden = new RuntimeException("configmaps \"settings\" is forbidden");
    AtomicInteger lists = new AtomicInteger();
    watch = start(() -> {
      lists.incrementAndGet();
      throw forbidden;
    });
    assertThatThrownBy(() -> watch.awaitListed(WAIT))
        .isInstanceOf(ObjectUnavailable.class)
        .hasCause(forbidden)
        .hasMessageContaining("configmap team-a/settings").hasMessageContaining("is forbidden");
    assertThat(lists.get()).isPositive();
  }

  @Test
  void aListThatDoesNotFinishInTimeIsReported() {
    CountDownLatch apiserverAnswers = new CountDownLatch(1);
    watch = start(() -> {
      apiserverAnswers.await();
      return new Snapshot<>(List.of(), 1);
    });
    try {
      assertThatThrownBy(() -> watch.awaitListed(Duration.ofMillis(200)))
          .isInstanceOf(ObjectUnavailable.class).hasMessageContaining("timed out");
    } finally {
      apiserverAnswers.countDown();
    }
  }

  /** The watch is opened just after the LIST is stored, on the informer's thread. */
  private EventSink<ConfigMap> sink() {
    return await().atMost(WAIT).until(sink::get, s -> s != null);
  }

  private InformerObjectWatch<ConfigMap> start(io.capstan.client.informer.ListSource<ConfigMap> lister) {
    return InformerObjectWatch.start("configmap team-a/settings", "team-a/settings", lister, source);
  }

  private static ConfigMap configMap(String value, long revision) {
    return new ConfigMapBuilder().withNewMetadata().withNamespace("team-a").withName("settings")
        .withResourceVersion(Long.toString(revision)).endMetadata().withData(Map.of("k", value)).build();
  }
}
