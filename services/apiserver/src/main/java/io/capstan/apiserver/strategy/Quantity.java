package io.capstan.apiserver.strategy;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/** Parses Kubernetes resource quantities ("500m", "1Gi", "2e3") to exact decimals. */
final class Quantity {
  private Quantity() {}

  static final String REGEX = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
  static final String FORMAT_ERROR = "quantities must match the regular expression '" + REGEX + "'";
  private static final Pattern PATTERN = Pattern.compile(REGEX);
  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("", BigDecimal.ONE),
      Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
      Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
      Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
      Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
      Map.entry("E", new BigDecimal("1e18")),
      Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
      Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
      Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)));

  /** The value, or null when {@code s} is not a quantity. */
  static BigDecimal parse(String s) {
    if (s == null) return null;
    Matcher m = PATTERN.matcher(s);
    if (!m.matches()) return null;
    BigDecimal number;
    try {
      number = new BigDecimal(m.group(1));
    } catch (NumberFormatException e) {
      return null;
    }
    String suffix = m.group(2);
    BigDecimal factor = SUFFIXES.get(suffix);
    if (factor == null) {
      if (suffix.length() < 2 || (suffix.charAt(0) != 'e' && suffix.charAt(0) != 'E')) return null;
      try {
        factor = BigDecimal.ONE.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return number.multiply(factor);
  }

  /** A quantity from JSON (a string or a bare number), or null. */
  static BigDecimal parse(JsonNode n) {
    if (n == null || n.isNull()) return null;
    if (n.isNumber()) return n.decimalValue();
    return n.isString() ? parse(n.asString()) : null;
  }

  static String text(JsonNode n) {
    return n == null || n.isNull() ? "" : n.isNumber() ? n.toString() : n.asString();
  }
}
