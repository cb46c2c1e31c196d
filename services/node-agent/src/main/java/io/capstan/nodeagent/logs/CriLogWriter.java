package io.capstan.nodeagent.logs;

import io.capstan.nodeagent.runtime.ContainerRuntime.LogOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns CRI records into what {@code kubectl logs} prints (the kubelet's {@code logWriter}):
 * records before {@code since} left out, a timestamp only where a line starts (a record
 * following a partial one continues its line), output cut at {@code limitBytes}.
 */
final class CriLogWriter {
  private static final Logger log = LoggerFactory.getLogger(CriLogWriter.class);

  /** The kubelet's RFC3339NanoFixed: always nine digits, so timestamps sort as text. */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final OutputStream out;
  private final LogOptions options;
  private long bytesLeft;
  private Integer recordsLeft;
  private boolean lineStart = true;

  /** @param records how many records to write at most, or null for all */
  CriLogWriter(OutputStream out, LogOptions options, Integer records) {
    this.out = out;
    this.options = options;
    this.bytesLeft = options.limitBytes() == null ? Long.MAX_VALUE : options.limitBytes();
    this.recordsLeft = records;
  }

  /**
   * Writes the record in {@code line[from, to)}.
   *
   * @return whether more may be written (false once the byte or record limit is reached)
   */
  boolean write(byte[] line, int from, int to) throws IOException {
    if (recordsLeft != null && recordsLeft <= 0) return false;
    Optional<CriLogRecord> parsed = CriLogRecord.parse(line, from, to);
    if (parsed.isEmpty()) {
      log.debug("skipping a line that is not a CRI log record: {}",
          new String(line, from, to - from, StandardCharsets.UTF_8));
      return true;
    }
    CriLogRecord record = parsed.get();
    boolean startsLine = lineStart;
    lineStart = record.endsLine();
    if (recordsLeft != null) recordsLeft--;
    if (options.since() != null && record.time().isBefore(options.since())) return true;
    if (options.timestamps() && startsLine) {
      if (!put((TIMESTAMP.format(record.time()) + " ").getBytes(StandardCharsets.US_ASCII))) return false;
    }
    return put(record.content()) && (recordsLeft == null || recordsLeft > 0);
  }

  void flush() throws IOException {
    out.flush();
  }

  private boolean put(byte[] bytes) throws IOException {
    int n = (int) Math.min(bytes.length, bytesLeft);
    out.write(bytes, 0, n);
    bytesLeft -= n;
    return bytesLeft > 0;
  }
}
