package io.capstan.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.model.Json;
import java.time.Clock;
import java.util.Base64;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SessionCookiesTest {
  private static final Instant NOW = Instant.parse("2026-11-26T04:00:00Z");
  private final SessionCookies cookies = new SessionCookies(new byte[32], Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void opensWhatItSealedUntilItExpires() {
    String v = cookies.seal(Json.object().put("u", "jane"), NOW.plusSeconds(60));
    assertThat(cookies.open(v).orElseThrow().path("u").asString()).isEqualTo("jane");
    SessionCookies later = new SessionCookies(new byte[32], Clock.fixed(NOW.plusSeconds(61), ZoneOffset.UTC));
    assertThat(later.open(v)).isEmpty();
  }

  @Test
  void refusesAlteredValuesAndValuesOfAnotherKey() {
    String v = cookies.seal(Json.object().put("u", "jane"), NOW.plusSeconds(60));
    String forgedBody = Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"u\":\"admin\",\"exp\":9999999999}".getBytes());
    assertThat(cookies.open(forgedBody + v.substring(v.indexOf('.')))).isEmpty();
    byte[] other = new byte[32];
    other[0] = 1;
    assertThat(new SessionCookies(other, Clock.fixed(NOW, ZoneOffset.UTC)).open(v)).isEmpty();
    assertThat(cookies.open("garbage")).isEmpty();
    assertThat(cookies.open("a.b")).isEmpty();
    assertThat(cookies.open(null)).isEmpty();
  }

  @Test
  void aShortKeyIsRefused() {
    assertThatThrownBy(() -> new SessionCookies(new byte[16], Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class);
  }
}
