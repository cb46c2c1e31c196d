package io.capstan.apiserver.strategy;

import io.capstan.model.selector.LabelValidation;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Value rules of Kubernetes' validation packages that are not name or label rules, with their texts. */
final class FieldRules {
  private FieldRules() {}

  private static final Pattern PORT_NAME_CHARSET = Pattern.compile("[-a-z0-9]+");
  private static final Pattern ONE_LETTER = Pattern.compile(".*[a-z].*");
  private static final String CONFIG_KEY_FMT = "[-._a-zA-Z0-9]+";
  private static final Pattern CONFIG_KEY = Pattern.compile(CONFIG_KEY_FMT);
  private static final String PERCENT_FMT = "[0-9]+%";
  private static final Pattern PERCENT = Pattern.compile(PERCENT_FMT);

  /** {@code IsValidPortName}: an IANA service name. */
  static List<String> portName(String port) {
    List<String> errs = new ArrayList<>();
    if (LabelValidation.byteLength(port) > 15) errs.add(LabelValidation.maxLenError(15));
    if (!PORT_NAME_CHARSET.matcher(port).matches()) {
      errs.add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
    }
    if (!ONE_LETTER.matcher(port).matches()) errs.add("must contain at least one letter (a-z)");
    if (port.contains("--")) errs.add("must not contain consecutive hyphens");
    if (!port.isEmpty() && (port.startsWith("-") || port.endsWith("-"))) {
      errs.add("must not begin or end with a hyphen");
    }
    return errs;
  }

  static String inclusiveRange(long lo, long hi) {
    return "must be between " + lo + " and " + hi + ", inclusive";
  }

  static boolean validPortNumber(long port) {
    return port >= 1 && port <= 65535;
  }

  /** {@code IsConfigMapKey}: keys of ConfigMap and Secret data. */
  static List<String> configMapKey(String key) {
    List<String> errs = new ArrayList<>();
    if (LabelValidation.byteLength(key) > LabelValidation.DNS1123_SUBDOMAIN_MAX_LENGTH) {
      errs.add(LabelValidation.maxLenError(LabelValidation.DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if (!CONFIG_KEY.matcher(key).matches()) {
      errs.add(LabelValidation.regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
          CONFIG_KEY_FMT, "key.name", "KEY_NAME", "key-name"));
    }
    if (key.equals(".")) {
      errs.add("must not be '.'");
    } else if (key.equals("..")) {
      errs.add("must not be '..'");
    } else if (key.startsWith("..")) {
      errs.add("must not start with '..'");
    }
    return errs;
  }

  /** The relaxed environment-variable-name rule (on by default since Kubernetes 1.32). */
  static List<String> envVarName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < ' ' || c > '~' || c == '=') {
        return List.of("a valid environment variable name must consist only of printable ASCII characters other "
            + "than '='");
      }
    }
    return List.of();
  }

  /** An IntOrString holding a percentage, e.g. "25%". */
  static boolean isPercent(String s) {
    return PERCENT.matcher(s).matches();
  }

  static String percentFormatError() {
    return LabelValidation.regexError("a valid percent string must be a numeric string followed by an ending '%'",
        PERCENT_FMT, "1%", "93%");
  }

  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

  /** An IPv4 or IPv6 address literal (never resolved as a host name). */
  static boolean isIP(String s) {
    if (IPV4.matcher(s).matches()) return true;
    if (!s.contains(":") || !IPV6_CHARS.matcher(s).matches()) return false;
    try {
      return java.net.InetAddress.getByName(s) instanceof java.net.Inet6Address || s.contains(".");
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }
}
