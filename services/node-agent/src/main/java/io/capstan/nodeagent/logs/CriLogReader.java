package io.capstan.nodeagent.logs;

import io.capstan.nodeagent.runtime.ContainerRuntime.LogOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a container's CRI-format log file as the kubelet does (its {@code kuberuntime/logs}):
 * the file's last {@code tailLines} lines, records older than {@code since} left out, partial
 * records joined into the line they belong to, a timestamp at the start of each line, at most
 * {@code limitBytes} bytes; stdout and stderr interleaved as written. Following, it polls for
 * appended records until the container is no longer running, then sends what is left; when the
 * log is rotated ({@link ContainerLogManager}) it finishes the old file and goes on with the new.
 *
 * <p>{@code tailLines} counts lines of the file, i.e. records, as the kubelet does: a line the
 * container wrote in two pieces counts twice, and a plain read stops after that many records.
 */
public final class CriLogReader {
  private static final Logger log = LoggerFactory.getLogger(CriLogReader.class);

  private final Path file;
  private final LogOptions options;
  private final Duration poll;
  private final Duration runningCheck;

  public CriLogReader(Path file, LogOptions options) {
    this(file, options, Duration.ofMillis(100), Duration.ofSeconds(1));
  }

  /**
   * @param poll how often a follower looks for appended records
   * @param runningCheck how often at most a follower asks whether the container still runs (the
   *     kubelet's forced check period; each check is a call to the runtime)
   */
  CriLogReader(Path file, LogOptions options, Duration poll, Duration runningCheck) {
    this.file = file;
    this.options = options;
    this.poll = poll;
    this.runningCheck = runningCheck;
  }

  /**
   * Writes the log to {@code out}, flushing whenever it has caught up with the file. With {@code
   * follow}, returns once {@code running} says the container stopped and the file is read to its
   * end, or when writing fails (the reader went away).
   */
  public void copyTo(OutputStream out, boolean follow, BooleanSupplier running) throws IOException {
    LogFile opened = LogFile.open(file);
    if (opened == null) {
      // The runtime creates the file when the container starts: one that never did has written nothing.
      log.debug("no log file {} yet", file);
      return;
    }
    LogFile[] current = {opened};
    try {
      if (options.tailLines() != null) opened.channel.position(tailStart(opened.channel, options.tailLines()));
      // Following, records appended after the tail was found are new: only a plain read stops at the count.
      CriLogWriter writer = new CriLogWriter(out, options, follow ? null : options.tailLines());
      copy(current, writer, follow, running);
      writer.flush();
    } finally {
      current[0].channel.close();
    }
  }

  /** @param current the file being read; a follower replaces it with the new one when the log is rotated */
  private void copy(LogFile[] current, CriLogWriter writer, boolean follow, BooleanSupplier running)
      throws IOException {
    byte[] data = new byte[64 * 1024];
    int length = 0;
    boolean lastRead = !follow;
    boolean rotated = false;
    long lastCheck = System.nanoTime() - runningCheck.toNanos();
    while (true) {
      // A record longer than the buffer: grow it until the record's newline fits.
      if (length == data.length) data = Arrays.copyOf(data, data.length * 2);
      int n = current[0].channel.read(ByteBuffer.wrap(data, length, data.length - length));
      if (n > 0) {
        int end = length + n;
        int lineStart = 0;
        for (int i = length; i < end; i++) {
          if (data[i] != '\n') continue;
          if (!writer.write(data, lineStart, i + 1)) return;
          lineStart = i + 1;
        }
        length = end - lineStart;
        System.arraycopy(data, lineStart, data, 0, length);
        continue;
      }
      if (lastRead) {
        // A record the runtime had not finished writing when the container stopped (or when a
        // plain read began): the kubelet sends it as it is.
        if (length > 0) writer.write(data, 0, length);
        return;
      }
      if (rotated) {
        // The old file was read to its end after the new one appeared, and the runtime closes the
        // old one before it puts the new one in place: nothing more comes to it.
        LogFile next = LogFile.open(file);
        if (next != null) {
          if (length > 0 && !writer.write(data, 0, length)) {
            next.channel.close();
            return;
          }
          length = 0;
          current[0].channel.close();
          current[0] = next;
        }
        rotated = false;
        continue;
      }
      if (current[0].replacedAtPath(file)) {
        rotated = true;
        continue;
      }
      writer.flush();
      if (System.nanoTime() - lastCheck >= runningCheck.toNanos()) {
        lastCheck = System.nanoTime();
        // Stopped: what it wrote before stopping may still be unread, so one more pass to the end.
        if (!running.getAsBoolean()) {
          lastRead = true;
          continue;
        }
      }
      sleep(poll);
    }
  }

  /** An open log file and its identity (device and inode), to tell when the path names another file. */
  private record LogFile(FileChannel channel, Object key) {
    static LogFile open(Path file) throws IOException {
      while (true) {
        Object before = keyAt(file);
        if (before == null) return null;
        FileChannel channel;
        try {
          channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
          return null;
        }
        // Java cannot ask an open channel for its inode: the path must name the same file after the
        // open as before it (or none, renamed away and not yet reopened) for the channel to be that file.
        Object after = keyAt(file);
        if (after == null || after.equals(before)) return new LogFile(channel, before);
        channel.close();
      }
    }

    private static Object keyAt(Path file) throws IOException {
      try {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      } catch (NoSuchFileException e) {
        return null;
      }
    }

    /** Whether the path now names a different file: the log was rotated and reopened. */
    boolean replacedAtPath(Path file) throws IOException {
      Object now = keyAt(file);
      // None: renamed, not yet reopened; the runtime still writes to the file we have open.
      return now != null && !now.equals(key);
    }
  }

  /**
   * Where the file's last {@code lines} lines start (the kubelet's {@code
   * tail.FindTailLineStartIndex}); a last line without its newline yet is not counted.
   */
  static long tailStart(FileChannel channel, int lines) throws IOException {
    ByteBuffer block = ByteBuffer.allocate(8192);
    int newlines = 0;
    long end = channel.size();
    while (end > 0) {
      long begin = Math.max(0, end - block.capacity());
      block.clear().limit((int) (end - begin));
      readFully(channel, block, begin);
      for (int i = block.position() - 1; i >= 0; i--) {
        if (block.get(i) == '\n' && ++newlines > lines) return begin + i + 1;
      }
      end = begin;
    }
    return 0;
  }

  /** Positional reads may come back short; stops early only if the file shrank. */
  private static void readFully(FileChannel channel, ByteBuffer block, long at) throws IOException {
    int n;
    do {
      n = channel.read(block, at + block.position());
    } while (n > 0 && block.hasRemaining());
  }

  private static void sleep(Duration d) throws InterruptedIOException {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted following a container log");
    }
  }
}
