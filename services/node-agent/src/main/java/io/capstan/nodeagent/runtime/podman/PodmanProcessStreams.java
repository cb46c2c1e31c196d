package io.capstan.nodeagent.runtime.podman;

import io.capstan.nodeagent.runtime.ProcessStreams;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * An exec or attach session on a {@link HijackedStream}. Without a TTY Podman multiplexes the
 * output with 8-byte frame headers (1 stdout, 2 stderr); with one the bytes are raw. The stream
 * normally ends when the process exits; as a backstop (Podman has been seen to keep an exec's
 * stream open), a watcher closes it shortly after the runtime reports the process gone.
 */
final class PodmanProcessStreams implements ProcessStreams {
  private static final ScheduledExecutorService WATCHERS = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "podman-stream-watch");
    t.setDaemon(true);
    return t;
  });

  /** How the session asks Podman about its process. */
  interface Process {
    boolean running();

    Integer exitCode();

    void resize(int width, int height);
  }

  private final HijackedStream stream;
  private final boolean tty;
  private final Process process;
  private volatile boolean closedByWatcher;
  private Integer exitCode;

  PodmanProcessStreams(HijackedStream stream, boolean tty, Process process) {
    this.stream = stream;
    this.tty = tty;
    this.process = process;
  }

  @Override
  public void copyOutput(OutputSink sink) throws IOException {
    var watch = WATCHERS.scheduleWithFixedDelay(backstop(), 500, 500, TimeUnit.MILLISECONDS);
    try {
      if (tty) copyRaw(sink);
      else copyFrames(sink);
    } catch (ClosedChannelException e) {
      if (!closedByWatcher) throw e;
    } finally {
      watch.cancel(false);
    }
    exitCode = process.exitCode();
  }

  /** Closes the stream once the process has been gone for a while without the stream ending. */
  private Runnable backstop() {
    int[] goneFor = {0};
    return () -> {
      if (process.running()) {
        goneFor[0] = 0;
      } else if (++goneFor[0] >= 3) {
        closedByWatcher = true;
        stream.close();
      }
    };
  }

  private void copyRaw(OutputSink sink) throws IOException {
    byte[] buf = new byte[16384];
    int n;
    while ((n = stream.read(buf, 0, buf.length)) != -1) sink.stdout(buf, 0, n);
  }

  private void copyFrames(OutputSink sink) throws IOException {
    byte[] header = new byte[8];
    byte[] buf = new byte[16384];
    while (readFully(header, 8)) {
      int kind = header[0];
      long len = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8) | (header[7] & 0xff);
      while (len > 0) {
        int n = stream.read(buf, 0, (int) Math.min(buf.length, len));
        if (n < 0) return;
        if (kind == 2) sink.stderr(buf, 0, n);
        else sink.stdout(buf, 0, n);
        len -= n;
      }
    }
  }

  private boolean readFully(byte[] buf, int len) throws IOException {
    int off = 0;
    while (off < len) {
      int n = stream.read(buf, off, len - off);
      if (n < 0) return false;
      off += n;
    }
    return true;
  }

  @Override
  public void writeInput(byte[] data, int off, int len) throws IOException {
    stream.write(data, off, len);
  }

  @Override
  public void closeInput() throws IOException {
    stream.shutdownOutput();
  }

  @Override
  public void resize(int width, int height) {
    if (tty && width > 0 && height > 0) process.resize(width, height);
  }

  @Override
  public Integer exitCode() {
    return exitCode;
  }

  @Override
  public void close() {
    stream.close();
  }

  /** Waits (briefly) for {@code done}, then returns {@code value}: an exec's exit code settles just after its stream ends. */
  static <T> T settle(BooleanSupplier done, Supplier<T> value) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return value.get();
  }
}
