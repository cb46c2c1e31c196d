package io.capstan.nodeagent.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One line of a CRI-format container log ({@code <RFC3339Nano time> <stdout|stderr> <P|F>[:more
 * tags] <content>}), as conmon's k8s-file driver, CRI-O and containerd write it. A partial
 * record ({@code P}) is a write that did not end a line: its content lacks the line's newline and
 * the next record of the stream continues it. A full record ({@code F}) keeps its newline.
 *
 * @param content the container's bytes, not decoded: a log holds whatever the process wrote
 */
public record CriLogRecord(Instant time, String stream, boolean partial, byte[] content) {

  /**
   * Parses one line of the file, with or without its terminating {@code \n}; empty if it is not
   * a CRI record (the kubelet skips such lines too).
   */
  public static Optional<CriLogRecord> parse(byte[] line, int from, int to) {
    int timeEnd = indexOf(line, (byte) ' ', from, to);
    if (timeEnd < 0) return Optional.empty();
    int streamEnd = indexOf(line, (byte) ' ', timeEnd + 1, to);
    if (streamEnd < 0) return Optional.empty();
    String stream = ascii(line, timeEnd + 1, streamEnd);
    if (!stream.equals("stdout") && !stream.equals("stderr")) return Optional.empty();
    int tagsEnd = indexOf(line, (byte) ' ', streamEnd + 1, to);
    if (tagsEnd < 0) return Optional.empty();
    Instant time;
    try {
      time = OffsetDateTime.parse(ascii(line, from, timeEnd)).toInstant();
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
    // Tags are ':'-separated so the format can grow; the first says partial or full.
    String firstTag = ascii(line, streamEnd + 1, tagsEnd).split(":", 2)[0];
    boolean partial = firstTag.equals("P");
    int contentEnd = partial && to > tagsEnd + 1 && line[to - 1] == '\n' ? to - 1 : to;
    return Optional.of(new CriLogRecord(time, stream, partial, Arrays.copyOfRange(line, tagsEnd + 1, contentEnd)));
  }

  /** Whether what the container wrote so far ends a line: the next record starts a new one. */
  boolean endsLine() {
    return content.length == 0 || content[content.length - 1] == '\n';
  }

  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) if (bytes[i] == b) return i;
    return -1;
  }

  private static String ascii(byte[] bytes, int from, int to) {
    return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
  }
}
