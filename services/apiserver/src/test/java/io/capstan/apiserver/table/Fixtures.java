package io.capstan.apiserver.table;

import io.capstan.model.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import tools.jackson.databind.JsonNode;

/** Hand-written objects as the API server stores them, and a clock fixed at {@link #NOW}. */
final class Fixtures {
  private Fixtures() {}

  static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  static JsonNode json(String text) {
    return Json.MAPPER.readTree(text);
  }

  /** NOW minus {@code seconds}, as an RFC 3339 string. */
  static String ago(long seconds) {
    return NOW.minusSeconds(seconds).toString();
  }
}
