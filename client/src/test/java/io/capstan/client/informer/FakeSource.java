package io.capstan.client.informer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A hand-driven event source: tests push changes into the sink of the latest subscription. */
final class FakeSource implements EventSource<Item> {
  final AtomicInteger positions = new AtomicInteger();
  private final List<Long> openedAfter = new ArrayList<>();
  volatile EventSink<Item> sink;
  volatile long listRevision;

  @Override
  public Cursor<Item> position() {
    positions.incrementAndGet();
    return (rev, s) -> {
      synchronized (openedAfter) {
        openedAfter.add(rev);
      }
      listRevision = rev;
      sink = s;
      return () -> {};
    };
  }

  /** The LIST revisions subscriptions were opened after, in order; the informer opens them on its own thread. */
  List<Long> openedAfter() {
    synchronized (openedAfter) {
      return List.copyOf(openedAfter);
    }
  }

  /** Delivers as a real source does: changes at or below the LIST revision never reach the sink. */
  void emit(ChangeType type, Item item) {
    if (item.revision() <= listRevision) return;
    sink.onChange(type, item.revision(), item, System.currentTimeMillis());
  }

  /** Delivers without the source's own filter, as a replaying relay's duplicates would. */
  void emitRaw(ChangeType type, Item item) {
    sink.onChange(type, item.revision(), item, 0);
  }
}
