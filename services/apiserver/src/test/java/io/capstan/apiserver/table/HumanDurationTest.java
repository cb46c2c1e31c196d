package io.capstan.apiserver.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class HumanDurationTest {

  /** Kubernetes' apimachinery duration_test.go cases, then the boundaries of each range. */
  @ParameterizedTest(name = "{0}s -> {1}")
  @CsvSource({
      "1, 1s",
      "70, 70s",
      "190, 3m10s",
      "4200, 70m",            // 70 minutes
      "169200, 47h",          // 47 hours
      "176400, 2d1h",         // 49 hours
      "698400, 8d",           // 8 days 2 hours
      "31708800, 367d",       // 367 days
      "63162000, 2y1d",       // 2 years 25 hours
      "252295200, 8y",        // 8 years 2 hours
      "0, 0s",
      "5, 5s",
      "119, 119s",
      "120, 2m",
      "123, 2m3s",
      "599, 9m59s",
      "600, 10m",
      "10799, 179m",
      "10800, 3h",
      "11040, 3h4m",
      "28799, 7h59m",
      "28800, 8h",
      "172799, 47h",
      "172800, 2d",
      "183600, 2d3h",
      "691199, 7d23h",
      "3888000, 45d",
      "63071999, 729d",
      "63072000, 2y",
      "63936000, 2y10d",
      "630720000, 20y",
  })
  void formatsLikeKubernetes(long seconds, String expected) {
    assertThat(HumanDuration.format(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @Test
  void toleratesUpToOneSecondOfSkew() {
    assertThat(HumanDuration.format(Duration.ofMillis(-500))).isEqualTo("0s");
    assertThat(HumanDuration.format(Duration.ofMillis(-1999))).isEqualTo("0s");
    assertThat(HumanDuration.format(Duration.ofSeconds(-2))).isEqualTo("<invalid>");
  }

  @Test
  void missingOrZeroTimestampsAreUnknown() {
    Instant now = Instant.parse("2025-01-01T00:00:00Z");
    assertThat(HumanDuration.since((Instant) null, now)).isEqualTo("<unknown>");
    assertThat(HumanDuration.since("0001-01-01T00:00:00Z", now)).isEqualTo("<unknown>");
    assertThat(HumanDuration.since("", now)).isEqualTo("<unknown>");
    assertThat(HumanDuration.since("2024-12-31T23:59:00Z", now)).isEqualTo("60s");
    assertThat(HumanDuration.since("2024-12-31T23:00:00.123456Z", now)).isEqualTo("59m");
    assertThat(HumanDuration.since("2025-01-01T01:00:00+02:00", now)).isEqualTo("60m");
  }
}
