package io.capstan.nodeagent.logs;

import io.capstan.nodeagent.runtime.ContainerRuntime;
import io.capstan.nodeagent.runtime.RuntimeContainer;
import io.capstan.nodeagent.runtime.RuntimeError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rotates the log files of running containers as the kubelet's container log manager does: a
 * file that reached {@code maxSize} is renamed to {@code <log>.<yyyyMMdd-HHmmss>} and the runtime
 * reopens the log at its old path; older rotated files are gzipped, and only {@code maxFiles}
 * files per container are kept (the live one included), the oldest going first. Without it a
 * chatty container fills the node's disk. {@code kubectl logs} reads the live file only, as with
 * the kubelet; a follower moves on to the new file (see {@link CriLogReader}).
 */
public final class ContainerLogManager {
  private static final Logger log = LoggerFactory.getLogger(ContainerLogManager.class);
  private static final DateTimeFormatter ROTATED_SUFFIX =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
  private static final String COMPRESSED = ".gz";
  private static final String TEMPORARY = ".tmp";

  /**
   * The kubelet's {@code containerLogMaxSize} (10 MiB) and {@code containerLogMaxFiles} (5).
   *
   * @param maxSize bytes a log file may reach before it is rotated
   * @param maxFiles files kept per container, the live one included
   */
  public record Policy(long maxSize, int maxFiles) {
    public static final Policy DEFAULT = new Policy(10L << 20, 5);

    public Policy {
      if (maxSize <= 0) throw new IllegalArgumentException("container log max size must be positive, got " + maxSize);
      // One live file and the newest rotated one, which stays uncompressed for whoever still reads it.
      if (maxFiles < 2) throw new IllegalArgumentException("container log max files must be at least 2, got " + maxFiles);
    }
  }

  private final ContainerRuntime runtime;
  private final Policy policy;
  private final Clock clock;
  /** Each running container's log path: it never changes, and asking the runtime costs a call per container. */
  private final Map<String, Optional<Path>> paths = new ConcurrentHashMap<>();

  public ContainerLogManager(ContainerRuntime runtime, Policy policy, Clock clock) {
    this.runtime = runtime;
    this.policy = policy;
    this.clock = clock;
  }

  /** One round over the running containers; a container that fails is logged and retried next round. */
  public void rotateLogs() {
    Set<String> running = new HashSet<>();
    for (RuntimeContainer c : runtime.listContainers(null)) {
      if (!c.running()) continue;
      running.add(c.id());
      try {
        Optional<Path> file = paths.computeIfAbsent(c.id(), runtime::logFile);
        if (file.isPresent()) rotateIfFull(c.id(), file.get());
      } catch (RuntimeError | IOException | UncheckedIOException e) {
        log.warn("rotating the log of container {} ({}) failed: {}", c.name(), c.id(), e.toString());
      }
    }
    paths.keySet().retainAll(running);
  }

  private void rotateIfFull(String containerId, Path file) throws IOException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      // Renamed away by a round whose reopen then failed (or by an agent stopped in between):
      // the runtime still writes to the renamed file until it reopens.
      runtime.reopenContainerLog(containerId);
      return;
    }
    if (size < policy.maxSize()) return;
    List<Path> rotated = removeExcess(cleanUp(rotatedFiles(file)));
    for (Path r : rotated) if (!compressed(r)) compress(r);
    Path renamed = file.resolveSibling(file.getFileName() + "." + ROTATED_SUFFIX.format(clock.instant()));
    Files.move(file, renamed);
    try {
      runtime.reopenContainerLog(containerId);
    } catch (RuntimeError e) {
      // Put it back so the next round tries again; the runtime still writes to it.
      Files.move(renamed, file);
      throw e;
    }
  }

  /** {@code <log>.*}, oldest first (the suffix is a sortable timestamp). */
  private static List<Path> rotatedFiles(Path file) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(file.getParent(), file.getFileName() + ".*")) {
      for (Path p : dir) out.add(p);
    }
    out.sort(null);
    return out;
  }

  /** Drops what an interrupted compression left: its temporary file, or the original beside a finished one. */
  private static List<Path> cleanUp(List<Path> rotated) throws IOException {
    List<Path> kept = new ArrayList<>();
    for (Path p : rotated) {
      String name = p.getFileName().toString();
      if (name.endsWith(TEMPORARY) || rotated.contains(p.resolveSibling(name + COMPRESSED))) {
        Files.deleteIfExists(p);
      } else {
        kept.add(p);
      }
    }
    return kept;
  }

  /** Removes the oldest rotated files so that, with the one about to be rotated, at most maxFiles remain. */
  private List<Path> removeExcess(List<Path> rotated) throws IOException {
    int keep = policy.maxFiles() - 2;
    int excess = Math.max(0, rotated.size() - keep);
    for (Path p : rotated.subList(0, excess)) Files.deleteIfExists(p);
    return rotated.subList(excess, rotated.size());
  }

  private static boolean compressed(Path p) {
    return p.getFileName().toString().endsWith(COMPRESSED);
  }

  /** Writes {@code <file>.gz} through a temporary file, so a crash leaves no half archive under the final name. */
  private static void compress(Path file) throws IOException {
    Path target = file.resolveSibling(file.getFileName() + COMPRESSED);
    Path temporary = file.resolveSibling(target.getFileName() + TEMPORARY);
    try (InputStream in = Files.newInputStream(file);
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(temporary))) {
      in.transferTo(out);
    }
    Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
    Files.delete(file);
  }
}
