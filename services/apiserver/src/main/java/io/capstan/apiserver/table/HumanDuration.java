package io.capstan.apiserver.table;

import java.time.Duration;
import java.time.Instant;

/**
 * Kubernetes' {@code duration.HumanDuration}: a succinct duration with about two significant
 * figures ("45s", "2m3s", "10m", "3h4m", "2d3h", "45d", "2y10d"), used for every AGE column.
 */
public final class HumanDuration {
  private HumanDuration() {}

  /** The Go zero time ({@code 0001-01-01T00:00:00Z}), which Kubernetes prints as "<unknown>". */
  static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

  public static String format(Duration d) {
    // Go truncates toward zero (int(d.Seconds())); up to one second in the future still reads
    // as "0s" so that small clock skew between server and objects does not show up.
    long seconds = d.toMillis() / 1000;
    if (seconds < -1) return "<invalid>";
    if (seconds < 0) return "0s";
    if (seconds < 60 * 2) return seconds + "s";
    long minutes = d.toMinutes();
    if (minutes < 10) {
      long s = seconds % 60;
      return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
    }
    if (minutes < 60 * 3) return minutes + "m";
    long hours = d.toHours();
    if (hours < 8) {
      long m = minutes % 60;
      return m == 0 ? hours + "h" : hours + "h" + m + "m";
    }
    if (hours < 48) return hours + "h";
    if (hours < 24 * 8) {
      long h = hours % 24;
      return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
    }
    if (hours < 24 * 365 * 2) return hours / 24 + "d";
    if (hours < 24 * 365 * 8) {
      long dy = hours / 24 % 365;
      return dy == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + dy + "d";
    }
    return hours / 24 / 365 + "y";
  }

  /** Kubernetes' {@code translateTimestampSince}: "<unknown>" for a missing or zero time. */
  public static String since(Instant timestamp, Instant now) {
    if (timestamp == null || timestamp.equals(GO_ZERO_TIME)) return "<unknown>";
    return format(Duration.between(timestamp, now));
  }

  /** As {@link #since(Instant, Instant)} for an RFC 3339 string; unparsable counts as missing. */
  public static String since(String rfc3339, Instant now) {
    return since(Fields.parseTime(rfc3339), now);
  }
}
