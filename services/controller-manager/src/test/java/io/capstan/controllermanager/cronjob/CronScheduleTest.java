package io.capstan.controllermanager.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
  private static ZonedDateTime next(String spec, String after) {
    return CronSchedule.parse(spec, ZoneOffset.UTC).next(ZonedDateTime.parse(after));
  }

  @Test
  void rangesStepsListsAndNames() {
    // 2026-01-05 is a Monday.
    assertThat(next("*/15 9-17 * * mon-fri", "2026-01-05T08:50:00Z")).isEqualTo("2026-01-05T09:00Z");
    assertThat(next("*/15 9-17 * * mon-fri", "2026-01-05T17:45:00Z")).isEqualTo("2026-01-06T09:00Z");
    assertThat(next("*/15 9-17 * * MON-FRI", "2026-01-09T17:50:00Z")).isEqualTo("2026-01-12T09:00Z");
    assertThat(next("5,10 * * * *", "2026-01-05T08:05:00Z")).isEqualTo("2026-01-05T08:10Z");
    assertThat(next("0 0 1 jan *", "2026-03-01T00:00:00Z")).isEqualTo("2027-01-01T00:00Z");
    assertThat(next("30 2/6 * * *", "2026-01-05T03:00:00Z")).isEqualTo("2026-01-05T08:30Z");
    assertThat(next("* * * * *", "2026-01-05T08:05:30Z")).isEqualTo("2026-01-05T08:06Z");
  }

  @Test
  void descriptorsAndEvery() {
    assertThat(next("@hourly", "2026-01-05T08:05:00Z")).isEqualTo("2026-01-05T09:00Z");
    assertThat(next("@daily", "2026-01-05T08:05:00Z")).isEqualTo("2026-01-06T00:00Z");
    assertThat(next("@weekly", "2026-01-05T08:05:00Z")).isEqualTo("2026-01-11T00:00Z");
    assertThat(next("@monthly", "2026-01-05T08:05:00Z")).isEqualTo("2026-02-01T00:00Z");
    assertThat(next("@yearly", "2026-01-05T08:05:00Z")).isEqualTo("2027-01-01T00:00Z");
    assertThat(next("@every 1h30m", "2026-01-05T08:05:00Z")).isEqualTo("2026-01-05T09:35Z");
  }

  @Test
  void dayOfMonthAndDayOfWeekAreOredWhenBothAreRestricted() {
    // Friday the 13th or any Friday or any 13th: the next after Mon 2026-01-05 is Fri 2026-01-09.
    assertThat(next("0 0 13 * fri", "2026-01-05T00:00:00Z")).isEqualTo("2026-01-09T00:00Z");
    assertThat(next("0 0 13 * *", "2026-01-05T00:00:00Z")).isEqualTo("2026-01-13T00:00Z");
    assertThat(next("0 0 30 2 *", "2026-01-05T00:00:00Z")).isNull();
  }

  @Test
  void timeZonesFromTheSpecOrThePrefix() {
    ZonedDateTime berlin = CronSchedule.parse("0 9 * * *", ZoneId.of("Europe/Berlin"))
        .next(ZonedDateTime.parse("2026-01-05T00:00:00Z"));
    assertThat(berlin.toInstant()).isEqualTo("2026-01-05T08:00:00Z");
    ZonedDateTime tokyo = CronSchedule.parse("CRON_TZ=Asia/Tokyo 0 9 * * *", ZoneOffset.UTC)
        .next(ZonedDateTime.parse("2026-01-05T00:00:00Z"));
    assertThat(tokyo.toInstant()).isEqualTo("2026-01-06T00:00:00Z");
  }

  @Test
  void invalidSchedulesSayWhy() {
    assertThatThrownBy(() -> CronSchedule.parse("* * * *", ZoneOffset.UTC)).hasMessageContaining("expected exactly 5 fields");
    assertThatThrownBy(() -> CronSchedule.parse("61 * * * *", ZoneOffset.UTC)).hasMessageContaining("above maximum");
    assertThatThrownBy(() -> CronSchedule.parse("@sometimes", ZoneOffset.UTC)).hasMessageContaining("unrecognized descriptor");
    assertThatThrownBy(() -> CronSchedule.parse("TZ=Mars/Base * * * * *", ZoneOffset.UTC)).hasMessageContaining("unknown time zone");
  }
}
