package io.capstan.cli.cluster;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a (possibly large) log file, reading only its end. */
public final class LogTail {

  private static final int MAX_BYTES = 64 * 1024;

  private LogTail() {}

  public static List<String> lastLines(Path file, int lines) {
    if (!Files.exists(file)) {
      return List.of();
    }
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      int size = (int) Math.min(length, MAX_BYTES);
      byte[] bytes = new byte[size];
      in.seek(length - size);
      in.readFully(bytes);
      String[] all = new String(bytes, StandardCharsets.UTF_8).split("\r?\n");
      return Arrays.asList(all).subList(Math.max(0, all.length - lines), all.length);
    } catch (IOException e) {
      return List.of("(cannot read " + file + ": " + e.getMessage() + ")");
    }
  }
}
