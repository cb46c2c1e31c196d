package io.capstan.client.informer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LIST + an {@link EventSource} + an {@link IndexedStore} + handlers (client-go's shared informer).
 *
 * <p>Consistency rules: the source's position is captured before each LIST and changes at or
 * below the LIST's revision are dropped by the source; the informer then drops, per key, any
 * change not newer than what it holds (or than the key's recent deletion), so duplicates and
 * replays from the at-least-once bus are harmless. A resync marker, a source error or a LIST
 * failure leads to a relist (with back-off), after which handlers see the differences as
 * add/update/delete.
 *
 * <p>Threads: one named thread runs LIST/relist and periodic resync; the source delivers on its
 * own thread. Every delivery to handlers happens under one lock, so handlers see one ordered
 * stream.
 */
public final class Informer<T> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Informer.class);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final String name;
  private final ListSource<T> lister;
  private final EventSource<T> source;
  private final ObjectAccess<T> access;
  private final Duration resyncPeriod;
  private final IndexedStore<T> store;
  private final Tombstones tombstones = new Tombstones(Duration.ofMinutes(10));
  private final List<ResourceEventHandler<T>> handlers = new CopyOnWriteArrayList<>();
  private final List<ChangeListener<T>> listeners = new CopyOnWriteArrayList<>();
  private final ReentrantLock delivery = new ReentrantLock();
  private final ReentrantLock control = new ReentrantLock();
  private final Condition wake = control.newCondition();
  private final CountDownLatch synced = new CountDownLatch(1);
  private final Timer eventDelay;
  private final Counter applied;
  private final Counter dropped;
  private final Counter relists;
  private final Counter handlerErrors;
  private volatile boolean closed;
  private volatile String relistReason;
  private volatile long generation;
  private volatile long lastRevision;
  private Thread thread;

  private Informer(Builder<T> b) {
    this.name = b.name;
    this.lister = Objects.requireNonNull(b.lister, "lister");
    this.source = Objects.requireNonNull(b.source, "source");
    this.access = b.access;
    this.resyncPeriod = b.resyncPeriod;
    this.store = new IndexedStore<>(access);
    MeterRegistry m = b.meters;
    this.eventDelay = Timer.builder("capstan_informer_event_delay_seconds")
        .description("From the change entering the bus to the informer applying it")
        .tag("informer", name).publishPercentileHistogram().register(m);
    this.applied = Counter.builder("capstan_informer_events_total").tag("informer", name).tag("result", "applied").register(m);
    this.dropped = Counter.builder("capstan_informer_events_total").tag("informer", name).tag("result", "stale").register(m);
    this.relists = Counter.builder("capstan_informer_relists_total").tag("informer", name).register(m);
    this.handlerErrors = Counter.builder("capstan_informer_handler_errors_total").tag("informer", name).register(m);
  }

  public static <T> Builder<T> builder(String name, ObjectAccess<T> access) {
    return new Builder<>(name, access);
  }

  public static final class Builder<T> {
    private final String name;
    private final ObjectAccess<T> access;
    private ListSource<T> lister;
    private EventSource<T> source;
    private Duration resyncPeriod = Duration.ZERO;
    private MeterRegistry meters = new SimpleMeterRegistry();

    private Builder(String name, ObjectAccess<T> access) {
      this.name = name;
      this.access = access;
    }

    public Builder<T> lister(ListSource<T> lister) {
      this.lister = lister;
      return this;
    }

    public Builder<T> source(EventSource<T> source) {
      this.source = source;
      return this;
    }

    /** Re-delivers every cached object to {@code onUpdate(o, o)} this often; zero disables. */
    public Builder<T> resyncEvery(Duration period) {
      this.resyncPeriod = period;
      return this;
    }

    public Builder<T> meters(MeterRegistry meters) {
      this.meters = meters;
      return this;
    }

    public Informer<T> build() {
      return new Informer<>(this);
    }
  }

  public String name() {
    return name;
  }

  public Store<T> store() {
    return store;
  }

  /** Adds an index; call before {@link #start()}. */
  public Informer<T> addIndexer(String indexName, Indexer<T> indexer) {
    store.addIndexer(indexName, indexer);
    return this;
  }

  /**
   * Adds a handler. Added after the first LIST, it first sees every cached object as an add. The
   * cache, not {@link #hasSynced()}, decides: the LIST is stored before the subscription opens and
   * the informer counts as synced, and a handler added in between must still see it.
   */
  public Informer<T> addEventHandler(ResourceEventHandler<T> handler) {
    delivery.lock();
    try {
      handlers.add(handler);
      for (T o : store.list()) call(() -> handler.onAdd(o, true));
    } finally {
      delivery.unlock();
    }
    return this;
  }

  public Informer<T> addChangeListener(ChangeListener<T> listener) {
    listeners.add(listener);
    return this;
  }

  public boolean hasSynced() {
    return synced.getCount() == 0;
  }

  public boolean awaitSynced(Duration timeout) throws InterruptedException {
    return synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The newest revision the store reflects: the last LIST's, or the last applied change's. */
  public long lastRevision() {
    return lastRevision;
  }

  public synchronized void start() {
    if (thread != null) throw new IllegalStateException("informer " + name + " already started");
    thread = new Thread(this::run, "informer-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Asks for a relist, as a resync marker does. */
  public void requestRelist(String reason) {
    control.lock();
    try {
      if (relistReason == null) relistReason = reason;
      wake.signalAll();
    } finally {
      control.unlock();
    }
  }

  @Override
  public void close() {
    closed = true;
    control.lock();
    try {
      wake.signalAll();
    } finally {
      control.unlock();
    }
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    Duration backoff = Duration.ofMillis(200);
    while (!closed) {
      EventSource.Subscription subscription = null;
      try {
        subscription = listAndSubscribe();
        backoff = Duration.ofMillis(200);
        String reason = waitForRelist();
        if (reason != null) {
          relists.increment();
          log.info("informer {} relists: {}", name, reason);
        }
      } catch (Exception e) {
        log.warn("informer {}: list/subscribe failed, retrying in {} ms: {}", name, backoff.toMillis(), e.toString());
        pause(backoff);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      } finally {
        if (subscription != null) subscription.close();
      }
    }
  }

  private EventSource.Subscription listAndSubscribe() throws Exception {
    relistReason = null;
    EventSource.Cursor<T> cursor = source.position();
    Snapshot<T> snapshot;
    try {
      snapshot = lister.list();
    } catch (Exception e) {
      cursor.abandon();
      throw e;
    }
    long gen;
    delivery.lock();
    try {
      gen = ++generation;
      replace(snapshot);
    } finally {
      delivery.unlock();
    }
    EventSource.Subscription subscription = cursor.open(snapshot.revision(), new Sink(gen));
    synced.countDown();
    return subscription;
  }

  /** Waits until a relist is wanted (returns its reason) or the informer closes (returns null), resyncing on the way. */
  private String waitForRelist() throws InterruptedException {
    long nextResync = resyncPeriod.isZero() ? Long.MAX_VALUE : System.nanoTime() + resyncPeriod.toNanos();
    control.lock();
    try {
      while (!closed && relistReason == null) {
        long wait = Math.min(nextResync - System.nanoTime(), TimeUnit.SECONDS.toNanos(1));
        if (wait > 0) wake.awaitNanos(wait);
        if (System.nanoTime() >= nextResync) {
          control.unlock();
          try {
            resync();
          } finally {
            control.lock();
          }
          nextResync = System.nanoTime() + resyncPeriod.toNanos();
        }
      }
      return closed ? null : relistReason;
    } finally {
      control.unlock();
    }
  }

  private void replace(Snapshot<T> snapshot) {
    Map<String, T> previous = store.replace(snapshot.items());
    tombstones.clear();
    lastRevision = snapshot.revision();
    for (ChangeListener<T> l : listeners) call(() -> l.onReplace(snapshot.items(), snapshot.revision()));
    Map<String, T> now = new LinkedHashMap<>();
    for (T o : snapshot.items()) now.put(access.key(o), o);
    for (Map.Entry<String, T> e : now.entrySet()) {
      T old = previous.get(e.getKey());
      T cur = e.getValue();
      if (old == null) {
        boolean initial = !hasSynced();
        handlers.forEach(h -> call(() -> h.onAdd(cur, initial)));
      } else if (access.revision(old) != access.revision(cur)) {
        handlers.forEach(h -> call(() -> h.onUpdate(old, cur)));
      }
    }
    for (Map.Entry<String, T> e : previous.entrySet()) {
      if (!now.containsKey(e.getKey())) handlers.forEach(h -> call(() -> h.onDelete(e.getValue())));
    }
  }

  private void resync() {
    delivery.lock();
    try {
      for (T o : store.list()) handlers.forEach(h -> call(() -> h.onUpdate(o, o)));
    } finally {
      delivery.unlock();
    }
  }

  /** Receives one subscription's changes; a subscription replaced by a relist is ignored. */
  private final class Sink implements EventSink<T> {
    private final long gen;

    Sink(long gen) {
      this.gen = gen;
    }

    @Override
    public void onChange(ChangeType type, long revision, T object, long publishedAtMillis) {
      delivery.lock();
      try {
        if (gen != generation) return;
        apply(type, revision, object);
      } finally {
        delivery.unlock();
      }
      if (publishedAtMillis > 0) {
        eventDelay.record(Math.max(0, System.currentTimeMillis() - publishedAtMillis), TimeUnit.MILLISECONDS);
      }
    }

    @Override
    public void onResyncRequired(String reason) {
      if (gen == generation) requestRelist(reason);
    }

    @Override
    public void onError(Exception error) {
      if (gen == generation) requestRelist("event source failed: " + error);
    }
  }

  private void apply(ChangeType type, long revision, T object) {
    String key = access.key(object);
    T current = store.get(key).orElse(null);
    long known = current != null ? access.revision(current) : tombstones.revision(key);
    if (revision <= known) {
      dropped.increment();
      return;
    }
    applied.increment();
    lastRevision = Math.max(lastRevision, revision);
    if (type == ChangeType.DELETED) {
      store.remove(key);
      tombstones.add(key, revision);
      if (current == null) return;
      for (ChangeListener<T> l : listeners) call(() -> l.onChange(type, current, object, revision));
      handlers.forEach(h -> call(() -> h.onDelete(object)));
      return;
    }
    store.put(object);
    tombstones.forget(key);
    ChangeType effective = current == null ? ChangeType.ADDED : ChangeType.MODIFIED;
    for (ChangeListener<T> l : listeners) call(() -> l.onChange(effective, current, object, revision));
    if (current == null) handlers.forEach(h -> call(() -> h.onAdd(object, false)));
    else handlers.forEach(h -> call(() -> h.onUpdate(current, object)));
  }

  private void call(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      handlerErrors.increment();
      log.error("informer {}: a handler failed", name, e);
    }
  }

  private void pause(Duration d) {
    control.lock();
    try {
      long left = d.toNanos();
      while (!closed && left > 0) left = wake.awaitNanos(left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    } finally {
      control.unlock();
    }
  }
}
