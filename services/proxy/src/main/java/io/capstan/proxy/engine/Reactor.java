package io.capstan.proxy.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector thread that owns every proxied socket: accepts, connects, reads and writes run
 * here, never a thread per connection. Other threads hand work over with {@link #execute}; a
 * handler must not block (a slow handler delays every connection of the proxy).
 */
public final class Reactor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Reactor.class);

  /** Called on the reactor thread when a key is ready; an exception closes the handler's connection. */
  public interface Handler {
    void ready(SelectionKey key) throws IOException;

    /** The handler's channel failed in {@link #ready}; release everything it holds. */
    void failed(Exception e);
  }

  private record Timer(long dueNanos, long seq, Runnable task) {}

  private final Selector selector;
  private final Thread thread;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Timer> timers = new PriorityQueue<>((a, b) -> a.dueNanos != b.dueNanos
      ? Long.compare(a.dueNanos, b.dueNanos) : Long.compare(a.seq, b.seq));
  private long timerSeq;
  private volatile boolean closed;

  public Reactor(String name) {
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  public void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  /** Runs {@code task} on the reactor thread and waits for it. */
  public void run(Runnable task) {
    if (inReactor()) {
      task.run();
      return;
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    execute(() -> {
      try {
        task.run();
        done.complete(null);
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
      }
    });
    done.join();
  }

  /** Reactor thread only. */
  public void schedule(long delayNanos, Runnable task) {
    timers.add(new Timer(System.nanoTime() + delayNanos, timerSeq++, task));
  }

  /** Reactor thread only. */
  public SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws ClosedChannelException {
    return channel.register(selector, ops, handler);
  }

  public boolean inReactor() {
    return Thread.currentThread() == thread;
  }

  private void loop() {
    while (!closed) {
      try {
        long wait = nextTimerWaitMillis();
        if (wait < 0) selector.selectNow();
        else selector.select(wait);
        for (SelectionKey key : selector.selectedKeys()) {
          Handler h = (Handler) key.attachment();
          try {
            if (key.isValid()) h.ready(key);
          } catch (IOException | RuntimeException e) {
            h.failed(e);
          }
        }
        selector.selectedKeys().clear();
        Runnable task;
        while ((task = tasks.poll()) != null) runSafely(task);
        long now = System.nanoTime();
        while (!timers.isEmpty() && timers.peek().dueNanos - now <= 0) runSafely(timers.poll().task());
      } catch (IOException | RuntimeException e) {
        if (!closed) log.error("reactor {} loop failed; continuing", thread.getName(), e);
      }
    }
  }

  private long nextTimerWaitMillis() {
    if (!tasks.isEmpty()) return -1;
    if (timers.isEmpty()) return 0; // select(0) blocks until woken
    long ms = (timers.peek().dueNanos - System.nanoTime()) / 1_000_000;
    return ms <= 0 ? -1 : ms;
  }

  private void runSafely(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      log.error("reactor task failed", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    selector.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (SelectionKey key : selector.keys()) {
      try {
        key.channel().close();
      } catch (IOException e) {
        log.debug("closing {} on shutdown", key.channel(), e);
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      log.debug("closing the selector", e);
    }
  }
}
