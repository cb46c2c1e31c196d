package io.capstan.controllermanager.cronjob;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CronJob schedule as Kubernetes reads it ({@code robfig/cron/v3.ParseStandard}): five fields
 * (minute, hour, day of month, month, day of week) with {@code *}, {@code ?}, ranges, steps, lists
 * and month/day names; the descriptors {@code @yearly @annually @monthly @weekly @daily @midnight
 * @hourly} and {@code @every <duration>}; an optional {@code CRON_TZ=}/{@code TZ=} prefix. Day of
 * month and day of week are ORed when both are restricted, as in cron.
 */
public final class CronSchedule {
  private record Bounds(int min, int max, Map<String, Integer> names) {}

  private static final Bounds MINUTES = new Bounds(0, 59, Map.of());
  private static final Bounds HOURS = new Bounds(0, 23, Map.of());
  private static final Bounds DOM = new Bounds(1, 31, Map.of());
  private static final Bounds MONTHS = new Bounds(1, 12, Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2),
      Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7),
      Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12)));
  private static final Bounds DOW = new Bounds(0, 6, Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5,
      "sat", 6));
  private static final Map<String, String> DESCRIPTORS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
      "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
      "@hourly", "0 * * * *");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(h|m|s)");

  private final BitSet minutes;
  private final BitSet hours;
  private final BitSet daysOfMonth;
  private final BitSet months;
  private final BitSet daysOfWeek;
  private final boolean domStar;
  private final boolean dowStar;
  private final Duration every;
  private final ZoneId zone;

  private CronSchedule(List<BitSet> fields, boolean domStar, boolean dowStar, Duration every, ZoneId zone) {
    this.minutes = fields == null ? null : fields.get(0);
    this.hours = fields == null ? null : fields.get(1);
    this.daysOfMonth = fields == null ? null : fields.get(2);
    this.months = fields == null ? null : fields.get(3);
    this.daysOfWeek = fields == null ? null : fields.get(4);
    this.domStar = domStar;
    this.dowStar = dowStar;
    this.every = every;
    this.zone = zone;
  }

  /**
   * Parses {@code spec}, evaluated in {@code zone} (the CronJob's {@code spec.timeZone}, or UTC)
   * unless it names its own with a {@code CRON_TZ=} prefix.
   *
   * @throws IllegalArgumentException with the reason the schedule is invalid
   */
  public static CronSchedule parse(String spec, ZoneId zone) {
    String s = spec.strip();
    if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
      int space = s.indexOf(' ');
      String name = s.substring(s.indexOf('=') + 1, space < 0 ? s.length() : space);
      try {
        zone = ZoneId.of(name);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException("provided bad location " + name + ": unknown time zone");
      }
      if (space < 0) throw new IllegalArgumentException("empty spec string");
      s = s.substring(space + 1).strip();
    }
    if (s.isEmpty()) throw new IllegalArgumentException("empty spec string");
    if (s.startsWith("@every ")) return new CronSchedule(null, false, false, duration(s.substring(7).strip()), zone);
    if (s.startsWith("@")) {
      String expanded = DESCRIPTORS.get(s.toLowerCase(Locale.ROOT));
      if (expanded == null) throw new IllegalArgumentException("unrecognized descriptor: " + s);
      s = expanded;
    }
    String[] f = s.split("\\s+");
    if (f.length != 5) throw new IllegalArgumentException("expected exactly 5 fields, found " + f.length + ": " + s);
    List<Bounds> bounds = List.of(MINUTES, HOURS, DOM, MONTHS, DOW);
    BitSet[] sets = new BitSet[5];
    for (int i = 0; i < 5; i++) sets[i] = field(f[i], bounds.get(i));
    return new CronSchedule(List.of(sets), isStar(f[2]), isStar(f[4]), null, zone);
  }

  private static boolean isStar(String field) {
    return field.equals("*") || field.equals("?");
  }

  private static Duration duration(String text) {
    Matcher m = DURATION_PART.matcher(text);
    Duration d = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      d = d.plus(switch (m.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofSeconds(n);
      });
      end = m.end();
    }
    if (end != text.length() || d.isZero()) throw new IllegalArgumentException("failed to parse duration @every " + text);
    return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
  }

  private static BitSet field(String expr, Bounds b) {
    BitSet bits = new BitSet();
    for (String part : expr.split(",", -1)) {
      String[] rangeAndStep = part.split("/", -1);
      String[] lowHigh = rangeAndStep[0].split("-", -1);
      int start;
      int end;
      if (lowHigh[0].equals("*") || lowHigh[0].equals("?")) {
        start = b.min();
        end = b.max();
      } else {
        start = number(lowHigh[0], b);
        end = lowHigh.length == 1 ? start : number(lowHigh[1], b);
        if (lowHigh.length > 2) throw new IllegalArgumentException("too many hyphens: " + part);
      }
      int step = 1;
      if (rangeAndStep.length == 2) {
        step = number(rangeAndStep[1], new Bounds(0, Integer.MAX_VALUE, Map.of()));
        if (lowHigh.length == 1) end = b.max();
      } else if (rangeAndStep.length > 2) {
        throw new IllegalArgumentException("too many slashes: " + part);
      }
      if (start < b.min()) throw new IllegalArgumentException("beginning of range (" + start + ") below minimum (" + b.min() + "): " + part);
      if (end > b.max()) throw new IllegalArgumentException("end of range (" + end + ") above maximum (" + b.max() + "): " + part);
      if (start > end) throw new IllegalArgumentException("beginning of range (" + start + ") beyond end of range (" + end + "): " + part);
      if (step <= 0) throw new IllegalArgumentException("step of range should be a positive number: " + part);
      for (int v = start; v <= end; v += step) bits.set(v);
    }
    return bits;
  }

  private static int number(String text, Bounds b) {
    Integer named = b.names().get(text.toLowerCase(Locale.ROOT));
    if (named != null) return named;
    try {
      int n = Integer.parseInt(text);
      if (n < 0) throw new IllegalArgumentException("negative number (" + n + ") not allowed: " + text);
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("failed to parse int from " + text);
    }
  }

  /** The first activation strictly after {@code after}, or null when none comes within five years. */
  public ZonedDateTime next(ZonedDateTime after) {
    if (every != null) return after.plus(every).truncatedTo(ChronoUnit.SECONDS);
    ZonedDateTime t = after.withZoneSameInstant(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
    int limit = t.getYear() + 5;
    while (t.getYear() <= limit) {
      if (!months.get(t.getMonthValue())) {
        t = t.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
      } else if (!dayMatches(t)) {
        t = t.truncatedTo(ChronoUnit.DAYS).plusDays(1);
      } else if (!hours.get(t.getHour())) {
        t = t.truncatedTo(ChronoUnit.HOURS).plusHours(1);
      } else if (!minutes.get(t.getMinute())) {
        t = t.plusMinutes(1);
      } else {
        return t;
      }
    }
    return null;
  }

  private boolean dayMatches(ZonedDateTime t) {
    boolean dom = daysOfMonth.get(t.getDayOfMonth());
    boolean dow = daysOfWeek.get(t.getDayOfWeek().getValue() % 7);
    return domStar || dowStar ? dom && dow : dom || dow;
  }
}
