package io.capstan.relay.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.capstan.testing.KafkaProcess;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The relay's own broker is killed (SIGKILL) mid-run and restarted: nothing is lost, the checkpoint catches up. */
class KafkaOutageTest {
  private KafkaProcess broker;
  private RelayFixture fx;

  @BeforeEach
  void startBroker() throws Exception {
    broker = KafkaProcess.start("outage");
    fx = new RelayFixture(broker.bootstrapServers());
  }

  @AfterEach
  void tearDown() {
    fx.close();
    broker.close();
  }

  @Test
  void eventsWrittenWhileKafkaIsDownArriveAfterItReturns() throws Exception {
    Relay relay = fx.start("a");
    fx.awaitPublishing(relay);
    Set<Long> written = new TreeSet<>();
    for (int i = 0; i < 20; i++) written.add(fx.put(fx.key("ns", "up" + i), "{\"i\":" + i + "}"));
    try (BusTap tap = fx.tap()) {
      await().atMost(RelayFixture.WAIT).until(() -> RelayTest.revisions(tap.read()).containsAll(written));
    }
    long acknowledged = fx.checkpoint().orElseThrow();

    broker.kill();
    for (int i = 0; i < 30; i++) written.add(fx.put(fx.key("ns", "down" + i), "{\"i\":" + i + "}"));
    // Kafka acknowledged none of these, so the checkpoint must not pass them.
    assertThat(fx.checkpoint().orElseThrow()).isLessThan(((TreeSet<Long>) written).last());
    assertThat(fx.checkpoint().orElseThrow()).isGreaterThanOrEqualTo(acknowledged);
    broker.restart();
    for (int i = 0; i < 10; i++) written.add(fx.put(fx.key("ns", "back" + i), "{\"i\":" + i + "}"));

    try (BusTap tap = fx.tap()) {
      await().atMost(Duration.ofSeconds(60)).until(() -> RelayTest.revisions(tap.read()).containsAll(written));
    }
    await().atMost(RelayFixture.WAIT).untilAsserted(() ->
        assertThat(fx.checkpoint().orElseThrow()).isGreaterThanOrEqualTo(((TreeSet<Long>) written).last()));
  }
}
