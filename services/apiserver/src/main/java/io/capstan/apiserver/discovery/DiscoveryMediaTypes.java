package io.capstan.apiserver.discovery;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Content negotiation of {@code /api} and {@code /apis}: kubectl asks first for the aggregated
 * {@code APIGroupDiscoveryList} (v2, then v2beta1) and then for plain JSON. The reply's
 * Content-Type decides how kubectl parses it, so it must name the aggregated form exactly.
 */
final class DiscoveryMediaTypes {
  private DiscoveryMediaTypes() {}

  static final String JSON = "application/json";
  static final String DISCOVERY_GROUP = "apidiscovery.k8s.io";
  static final List<String> AGGREGATED_VERSIONS = List.of("v2", "v2beta1");

  /** The Content-Type of an aggregated reply, e.g. {@code application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList}. */
  static String aggregatedContentType(String version) {
    return JSON + ";g=" + DISCOVERY_GROUP + ";v=" + version + ";as=APIGroupDiscoveryList";
  }

  /**
   * The aggregated discovery version the client prefers ("v2" or "v2beta1"), or empty when the
   * first acceptable media type in its Accept header is plain JSON (or there is no Accept).
   * Entries Capstan cannot serve (protobuf, other {@code as=} forms) are skipped.
   */
  static Optional<String> aggregatedVersion(List<String> acceptHeaders) {
    if (acceptHeaders == null) return Optional.empty();
    for (String header : acceptHeaders) {
      for (String entry : header.split(",")) {
        String[] parts = entry.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        Map<String, String> params = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
          int eq = parts[i].indexOf('=');
          if (eq < 0) continue;
          String value = parts[i].substring(eq + 1).trim();
          if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
          }
          params.put(parts[i].substring(0, eq).trim().toLowerCase(Locale.ROOT), value);
        }
        boolean jsonLike = type.equals(JSON) || type.equals("application/*") || type.equals("*/*");
        if (!jsonLike) continue;
        String as = params.get("as");
        if (as == null) return Optional.empty();
        if (as.equals("APIGroupDiscoveryList") && DISCOVERY_GROUP.equals(params.get("g"))
            && AGGREGATED_VERSIONS.contains(params.get("v"))) {
          return Optional.of(params.get("v"));
        }
      }
    }
    return Optional.empty();
  }
}
