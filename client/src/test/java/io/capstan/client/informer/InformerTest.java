package io.capstan.client.informer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InformerTest {
  private final FakeSource source = new FakeSource();
  private final AtomicReference<Snapshot<Item>> listed = new AtomicReference<>(new Snapshot<>(List.of(), 1));
  private final List<String> seen = new CopyOnWriteArrayList<>();
  private Informer<Item> informer;

  private Informer<Item> start(Duration resync) throws InterruptedException {
    informer = Informer.builder("items", Item.ACCESS).lister(listed::get).source(source).resyncEvery(resync).build();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Item o, boolean initial) {
        seen.add((initial ? "list-add " : "add ") + o.name() + "@" + o.revision());
      }

      @Override
      public void onUpdate(Item old, Item now) {
        seen.add("update " + now.name() + "@" + old.revision() + "->" + now.revision());
      }

      @Override
      public void onDelete(Item o) {
        seen.add("delete " + o.name() + "@" + o.revision());
      }
    });
    informer.start();
    assertThat(informer.awaitSynced(Duration.ofSeconds(5))).isTrue();
    return informer;
  }

  @AfterEach
  void stop() {
    if (informer != null) informer.close();
  }

  @Test
  void listThenChangesReachHandlersAndStore() throws Exception {
    listed.set(new Snapshot<>(List.of(Item.of("a", "x", 5)), 10));
    start(Duration.ZERO);
    source.emit(ChangeType.ADDED, Item.of("a", "y", 11));
    source.emit(ChangeType.MODIFIED, Item.of("a", "x", 12));
    source.emit(ChangeType.DELETED, Item.of("a", "y", 13));

    assertThat(seen).containsExactly("list-add x@5", "add y@11", "update x@5->12", "delete y@13");
    assertThat(informer.store().keys()).containsExactly("a/x");
    assertThat(informer.lastRevision()).isEqualTo(13);
    assertThat(source.openedAfter()).containsExactly(10L);
  }

  @Test
  void positionIsCapturedBeforeTheList() throws Exception {
    listed.set(new Snapshot<>(List.of(), 3));
    ListSource<Item> lister = () -> {
      assertThat(source.positions.get()).as("position taken before LIST").isEqualTo(1);
      return listed.get();
    };
    informer = Informer.builder("items", Item.ACCESS).lister(lister).source(source).build();
    informer.start();
    assertThat(informer.awaitSynced(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void duplicatesAndReplaysAreDroppedPerKey() throws Exception {
    start(Duration.ZERO);
    source.emit(ChangeType.ADDED, Item.of("a", "x", 5));
    source.emit(ChangeType.MODIFIED, Item.of("a", "x", 7));
    source.emitRaw(ChangeType.MODIFIED, Item.of("a", "x", 6)); // replayed older change
    source.emitRaw(ChangeType.MODIFIED, Item.of("a", "x", 7)); // duplicate
    source.emit(ChangeType.DELETED, Item.of("a", "x", 9));
    source.emitRaw(ChangeType.ADDED, Item.of("a", "x", 5)); // replay after the delete must not resurrect it
    source.emit(ChangeType.ADDED, Item.of("a", "x", 12)); // a real re-create

    assertThat(seen).containsExactly("add x@5", "update x@5->7", "delete x@9", "add x@12");
    assertThat(informer.store().get("a/x")).map(Item::revision).contains(12L);
  }

  @Test
  void resyncMarkerRelistsAndHandlersSeeTheDifference() throws Exception {
    listed.set(new Snapshot<>(List.of(Item.of("a", "x", 2), Item.of("a", "y", 3)), 3));
    start(Duration.ZERO);
    listed.set(new Snapshot<>(List.of(Item.of("a", "x", 2), Item.of("a", "y", 8), Item.of("a", "z", 9)), 20));
    source.sink.onResyncRequired("compacted");

    await().atMost(Duration.ofSeconds(5)).until(() -> source.openedAfter().size() == 2);
    assertThat(source.openedAfter()).containsExactly(3L, 20L);
    assertThat(seen).containsExactly("list-add x@2", "list-add y@3", "update y@3->8", "add z@9");
    assertThat(informer.lastRevision()).isEqualTo(20);

    listed.set(new Snapshot<>(List.of(Item.of("a", "z", 9)), 25));
    source.sink.onError(new IllegalStateException("broker gone"));
    await().atMost(Duration.ofSeconds(5)).until(() -> source.openedAfter().size() == 3);
    assertThat(seen).hasSize(6);
    assertThat(seen.subList(4, 6)).containsExactlyInAnyOrder("delete x@2", "delete y@8");
  }

  @Test
  void changesFromAReplacedSubscriptionAreIgnored() throws Exception {
    start(Duration.ZERO);
    EventSink<Item> old = source.sink;
    source.sink.onResyncRequired("test");
    await().atMost(Duration.ofSeconds(5)).until(() -> source.sink != old);
    old.onChange(ChangeType.ADDED, 50, Item.of("a", "ghost", 50), 0);
    assertThat(informer.store().size()).isZero();
  }

  @Test
  void listFailuresAreRetried() throws Exception {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    informer = Informer.builder("items", Item.ACCESS).lister(() -> {
      if (calls.incrementAndGet() < 3) throw new java.io.IOException("apiserver down");
      return new Snapshot<>(List.of(Item.of("a", "x", 1)), 1);
    }).source(source).build();
    informer.start();
    assertThat(informer.awaitSynced(Duration.ofSeconds(10))).isTrue();
    assertThat(calls.get()).isEqualTo(3);
    assertThat(informer.store().keys()).containsExactly("a/x");
  }

  @Test
  void periodicResyncRedeliversEveryObject() throws Exception {
    listed.set(new Snapshot<>(List.of(Item.of("a", "x", 4)), 4));
    start(Duration.ofMillis(200));
    await().atMost(Duration.ofSeconds(5)).until(() -> seen.contains("update x@4->4"));
  }

  @Test
  void lateHandlerSeesTheCacheAsAdds() throws Exception {
    listed.set(new Snapshot<>(List.of(Item.of("a", "x", 4)), 4));
    start(Duration.ZERO);
    List<String> late = new CopyOnWriteArrayList<>();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Item o, boolean initial) {
        late.add(o.name() + ":" + initial);
      }
    });
    assertThat(late).containsExactly("x:true");
  }

  /** The first LIST is stored, the subscription not yet open: the informer has not synced, its cache is full. */
  @Test
  void aHandlerAddedBetweenTheFirstListAndSyncSeesTheCacheAsAdds() throws Exception {
    listed.set(new Snapshot<>(List.of(Item.of("a", "x", 4)), 4));
    CountDownLatch opening = new CountDownLatch(1);
    CountDownLatch handlerAdded = new CountDownLatch(1);
    EventSource<Item> slowToOpen = () -> (rev, sink) -> {
      opening.countDown();
      try {
        if (!handlerAdded.await(10, TimeUnit.SECONDS)) throw new IllegalStateException("the test added no handler");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return () -> {};
    };
    informer = Informer.builder("items", Item.ACCESS).lister(listed::get).source(slowToOpen).build();
    informer.start();
    assertThat(opening.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(informer.hasSynced()).isFalse();
    List<String> late = new CopyOnWriteArrayList<>();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Item o, boolean initial) {
        late.add(o.name() + ":" + initial);
      }
    });
    handlerAdded.countDown();
    assertThat(informer.awaitSynced(Duration.ofSeconds(10))).isTrue();
    assertThat(late).containsExactly("x:true");
  }

  @Test
  void throwingHandlerDoesNotStopOthers() throws Exception {
    informer = Informer.builder("items", Item.ACCESS).lister(listed::get).source(source).build();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Item o, boolean initial) {
        throw new IllegalStateException("boom");
      }
    });
    List<String> other = new CopyOnWriteArrayList<>();
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Item o, boolean initial) {
        other.add(o.name());
      }
    });
    informer.start();
    assertThat(informer.awaitSynced(Duration.ofSeconds(5))).isTrue();
    source.emit(ChangeType.ADDED, Item.of("a", "x", 5));
    assertThat(other).containsExactly("x");
  }

  @Test
  void changeListenerGetsOldAndNewStates() throws Exception {
    List<String> changes = new CopyOnWriteArrayList<>();
    informer = Informer.builder("items", Item.ACCESS).lister(listed::get).source(source).build();
    informer.addChangeListener(new ChangeListener<>() {
      @Override
      public void onReplace(java.util.Collection<Item> items, long revision) {
        changes.add("replace@" + revision);
      }

      @Override
      public void onChange(ChangeType type, Item old, Item now, long revision) {
        changes.add(type + " " + (old == null ? "-" : old.revision()) + "->" + now.revision());
      }
    });
    informer.start();
    assertThat(informer.awaitSynced(Duration.ofSeconds(5))).isTrue();
    source.emit(ChangeType.MODIFIED, Item.of("a", "x", 5)); // unknown key: an ADDED to the cache
    source.emit(ChangeType.MODIFIED, Item.of("a", "x", 6));
    source.emit(ChangeType.DELETED, Item.of("a", "x", 7));
    assertThat(changes).containsExactly("replace@1", "ADDED -->5", "MODIFIED 5->6", "DELETED 6->7");
  }

  @Test
  void storeIndexesByNamespaceLabelAndCustomIndexers() throws Exception {
    informer = Informer.builder("items", Item.ACCESS).lister(() -> new Snapshot<>(List.of(
        new Item("a", "x", 1, Map.of("app", "web")),
        new Item("b", "y", 2, Map.of("app", "web", "tier", "db")),
        new Item("b", "z", 3, Map.of())), 3)).source(source).build();
    informer.addIndexer("firstLetter", o -> List.of(o.name().substring(0, 1)));
    informer.start();
    assertThat(informer.awaitSynced(Duration.ofSeconds(5))).isTrue();
    assertThat(informer.store().inNamespace("b")).extracting(Item::name).containsExactlyInAnyOrder("y", "z");
    assertThat(informer.store().byIndex(Store.BY_LABEL, "app=web")).extracting(Item::name).containsExactlyInAnyOrder("x", "y");
    assertThat(informer.store().byIndex("firstLetter", "z")).extracting(Item::name).containsExactly("z");

    source.emit(ChangeType.MODIFIED, new Item("b", "y", 4, Map.of("app", "api")));
    assertThat(informer.store().byIndex(Store.BY_LABEL, "app=web")).extracting(Item::name).containsExactly("x");
    assertThat(informer.store().byIndex(Store.BY_LABEL, "app=api")).extracting(Item::name).containsExactly("y");
  }
}
