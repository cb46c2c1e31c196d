package io.capstan.apiserver.strategy;

import io.capstan.model.selector.LabelValidation;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a CronJob schedule as {@code robfig/cron/v3.ParseStandard} does (5 fields or a
 * descriptor), returning its error text or null when the schedule parses.
 */
final class CronSchedule {
  private CronSchedule() {}

  private record Bounds(int min, int max, Map<String, Integer> names) {}

  private static final List<Bounds> FIELDS = List.of(
      new Bounds(0, 59, Map.of()),
      new Bounds(0, 23, Map.of()),
      new Bounds(1, 31, Map.of()),
      new Bounds(1, 12, Map.ofEntries(Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3),
          Map.entry("apr", 4), Map.entry("may", 5), Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8),
          Map.entry("sep", 9), Map.entry("oct", 10), Map.entry("nov", 11), Map.entry("dec", 12))),
      new Bounds(0, 6, Map.of("sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6)));

  private static final List<String> DESCRIPTORS =
      List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
  private static final Pattern DURATION = Pattern.compile("([0-9]*(\\.[0-9]*)?(ns|us|µs|ms|s|m|h))+|0");

  /** The parse error, or null when {@code spec} is a valid standard schedule. */
  static String error(String spec) {
    if (spec.isEmpty()) return "empty spec string";
    String s = spec;
    if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
      int space = s.indexOf(' ');
      if (space < 0) return "provided bad location " + s.substring(s.indexOf('=') + 1) + ": unknown time zone";
      s = s.substring(space + 1).strip();
    }
    if (s.startsWith("@")) {
      if (DESCRIPTORS.contains(s)) return null;
      if (s.startsWith("@every ")) {
        String d = s.substring("@every ".length());
        return DURATION.matcher(d).matches() ? null
            : "failed to parse duration " + s + ": time: invalid duration " + LabelValidation.quote(d);
      }
      return "unrecognized descriptor: " + s;
    }
    String[] fields = s.strip().split("\\s+");
    if (fields.length != 5) {
      return "expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields) + "]";
    }
    for (int i = 0; i < 5; i++) {
      for (String part : fields[i].split(",", -1)) {
        String err = range(part, FIELDS.get(i));
        if (err != null) return err;
      }
    }
    return null;
  }

  private static String range(String expr, Bounds b) {
    String[] rangeAndStep = expr.split("/", -1);
    String[] lowAndHigh = rangeAndStep[0].split("-", -1);
    boolean single = lowAndHigh.length == 1;
    long start;
    long end;
    if (lowAndHigh[0].equals("*") || lowAndHigh[0].equals("?")) {
      start = b.min();
      end = b.max();
    } else {
      Object s = intOrName(lowAndHigh[0], b);
      if (s instanceof String err) return err;
      start = (Long) s;
      if (lowAndHigh.length == 1) {
        end = start;
      } else if (lowAndHigh.length == 2) {
        Object e = intOrName(lowAndHigh[1], b);
        if (e instanceof String err) return err;
        end = (Long) e;
      } else {
        return "too many hyphens: " + expr;
      }
    }
    long step;
    if (rangeAndStep.length == 1) {
      step = 1;
    } else if (rangeAndStep.length == 2) {
      Object st = parseInt(rangeAndStep[1]);
      if (st instanceof String err) return err;
      step = (Long) st;
      if (single) end = b.max();
    } else {
      return "too many slashes: " + expr;
    }
    if (start < b.min()) return "beginning of range (" + start + ") below minimum (" + b.min() + "): " + expr;
    if (end > b.max()) return "end of range (" + end + ") above maximum (" + b.max() + "): " + expr;
    if (start > end) return "beginning of range (" + start + ") beyond end of range (" + end + "): " + expr;
    if (step == 0) return "step of range should be a positive number: " + expr;
    return null;
  }

  private static Object intOrName(String expr, Bounds b) {
    Integer named = b.names().get(expr.toLowerCase(Locale.ROOT));
    return named != null ? (Object) named.longValue() : parseInt(expr);
  }

  private static Object parseInt(String expr) {
    long n;
    try {
      n = Long.parseLong(expr);
    } catch (NumberFormatException e) {
      return "failed to parse int from " + expr + ": strconv.Atoi: parsing " + LabelValidation.quote(expr)
          + ": invalid syntax";
    }
    if (n < 0) return "negative number (" + n + ") not allowed: " + expr;
    return n;
  }
}
