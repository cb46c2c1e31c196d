package io.capstan.nodeagent.objects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One watch per object, opened on first read, served from its cache, closed when idle. */
class ObjectWatchesTest {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private final List<FakeWatch> opened = new ArrayList<>();
  private final ObjectWatches<ConfigMap> watches = new ObjectWatches<>(this::open, Duration.ofSeconds(10),
      Duration.ofMinutes(2), () -> now);
  private Optional<ConfigMap> listed = Optional.empty();
  private RuntimeException listFailure;

  @Test
  void firstReadOpensAWatchAndLaterReadsAnswerFromIt() {
    listed = Optional.of(configMap("v1"));
    assertThat(watches.get("team-a", "settings")).map(c -> c.getData().get("k")).contains("v1");
    assertThat(watches.get("team-a", "settings")).map(c -> c.getData().get("k")).contains("v1");
    assertThat(opened).extracting(w -> w.key).containsExactly("team-a/settings");
    assertThat(opened.get(0).listWaits).isEqualTo(2);
  }

  @Test
  void eachObjectHasItsOwnWatch() {
    watches.get("team-a", "settings");
    watches.get("team-b", "settings");
    watches.get("team-a", "other");
    assertThat(opened).extracting(w -> w.key).containsExactly("team-a/settings", "team-b/settings", "team-a/other");
    assertThat(watches.size()).isEqualTo(3);
  }

  @Test
  void aMissingObjectIsEmpty() {
    listed = Optional.empty();
    assertThat(watches.get("team-a", "absent")).isEmpty();
  }

  @Test
  void anUpdateTheWatchSawIsVisibleOnTheNextRead() {
    listed = Optional.of(configMap("v1"));
    watches.get("team-a", "settings");
    opened.get(0).object = Optional.of(configMap("v2"));
    assertThat(watches.get("team-a", "settings")).map(c -> c.getData().get("k")).contains("v2");
    assertThat(opened).hasSize(1);
  }

  @Test
  void aWatchNotReadForTheIdlePeriodIsClosedAndReopenedOnTheNextRead() {
    watches.get("team-a", "read-again");
    watches.get("team-a", "forgotten");
    now = now.plus(Duration.ofSeconds(90));
    watches.get("team-a", "read-again");
    now = now.plus(Duration.ofSeconds(60));

    assertThat(watches.expireIdle()).isEqualTo(1);
    assertThat(opened.get(0).closed).isFalse();
    assertThat(opened.get(1).closed).isTrue();
    assertThat(watches.size()).isEqualTo(1);

    watches.get("team-a", "forgotten");
    assertThat(opened).hasSize(3);
    assertThat(opened.get(2).key).isEqualTo("team-a/forgotten");
  }

  @Test
  void aFailedFirstListIsThrownAndTheNextReadOpensANewWatch() {
    listFailure = new ObjectUnavailable("cannot list configmap team-a/settings: Forbidden", null);
    assertThatThrownBy(() -> watches.get("team-a", "settings")).isSameAs(listFailure);
    assertThat(opened.get(0).closed).isTrue();
    assertThat(watches.size()).isZero();

    listFailure = null;
    listed = Optional.of(configMap("v1"));
    assertThat(watches.get("team-a", "settings")).isPresent();
    assertThat(opened).hasSize(2);
  }

  @Test
  void closeClosesEveryWatch() {
    watches.get("team-a", "a");
    watches.get("team-a", "b");
    watches.close();
    assertThat(opened).allMatch(w -> w.closed);
    assertThat(watches.size()).isZero();
  }

  private ObjectWatch<ConfigMap> open(String namespace, String name) {
    FakeWatch w = new FakeWatch(namespace + "/" + name, listFailure, listed);
    opened.add(w);
    return w;
  }

  private static ConfigMap configMap(String value) {
    return new ConfigMapBuilder().withNewMetadata().withNamespace("team-a").withName("settings").endMetadata()
        .withData(Map.of("k", value)).build();
  }

  /** A watch whose first LIST outcome and current object the test sets. */
  private static final class FakeWatch implements ObjectWatch<ConfigMap> {
    final String key;
    final RuntimeException listFailure;
    volatile Optional<ConfigMap> object;
    int listWaits;
    boolean closed;

    FakeWatch(String key, RuntimeException listFailure, Optional<ConfigMap> listed) {
      this.key = key;
      this.listFailure = listFailure;
      this.object = listed;
    }

    @Override
    public void awaitListed(Duration timeout) {
      listWaits++;
      if (listFailure != null) throw listFailure;
    }

    @Override
    public Optional<ConfigMap> current() {
      return object;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
