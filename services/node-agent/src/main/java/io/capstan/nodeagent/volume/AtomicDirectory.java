package io.capstan.nodeagent.volume;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The kubelet's atomic writer: files live in a timestamped directory, {@code ..data} is a
 * symlink to it, and each top-level name is a symlink through {@code ..data}. An update writes a
 * new directory and swaps {@code ..data} with one rename, so a container never sees a half-written
 * set (the directory is bind-mounted, so the swap shows inside the container at once).
 */
final class AtomicDirectory {
  private static final String DATA = "..data";

  private AtomicDirectory() {}

  /** @return whether anything changed */
  static boolean write(Path dir, Map<String, byte[]> files) throws IOException {
    Files.createDirectories(dir);
    Path data = dir.resolve(DATA);
    if (Files.exists(data) && sameContent(data, files)) return false;
    Path fresh = dir.resolve("..capstan_" + System.nanoTime());
    Files.createDirectories(fresh);
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path target = fresh.resolve(f.getKey()).normalize();
      if (!target.startsWith(fresh)) throw new IOException("path escapes the volume: " + f.getKey());
      Files.createDirectories(target.getParent());
      Files.write(target, f.getValue());
    }
    Path tmp = dir.resolve("..data_tmp");
    Files.deleteIfExists(tmp);
    Files.createSymbolicLink(tmp, fresh.getFileName());
    Path old = Files.isSymbolicLink(data) ? dir.resolve(Files.readSymbolicLink(data)) : null;
    Files.move(tmp, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    Set<String> top = new HashSet<>();
    for (String name : files.keySet()) top.add(name.split("/")[0]);
    for (String name : top) {
      Path link = dir.resolve(name);
      if (!Files.isSymbolicLink(link)) Files.createSymbolicLink(link, Path.of(DATA, name));
    }
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        String n = p.getFileName().toString();
        if (!n.startsWith("..") && !top.contains(n)) Files.deleteIfExists(p);
      }
    }
    if (old != null && !old.equals(fresh)) deleteTree(old);
    return true;
  }

  private static boolean sameContent(Path data, Map<String, byte[]> files) throws IOException {
    Map<String, byte[]> current = new HashMap<>();
    Path root = data.toRealPath();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) current.put(root.relativize(p).toString(), Files.readAllBytes(p));
    }
    if (!current.keySet().equals(files.keySet())) return false;
    for (var e : files.entrySet()) if (!Arrays.equals(e.getValue(), current.get(e.getKey()))) return false;
    return true;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) return;
    if (Files.isSymbolicLink(dir) || !Files.isDirectory(dir)) {
      Files.delete(dir);
      return;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.toList()) deleteTree(p);
    }
    Files.delete(dir);
  }
}
