package io.capstan.relay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.testing.EtcdProcess;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The feed's memory bound: past it, the feed stops taking events and asks for a re-watch. */
class WatchFeedTest {

  @Test
  void aFeedThatHoldsTooManyEventsFailsInsteadOfGrowing() throws Exception {
    try (Client etcd = Client.builder().endpoints(EtcdProcess.shared().endpoint()).build()) {
      long from = etcd.getKVClient().get(ByteSequence.from("\0", StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS)
          .getHeader().getRevision() + 1;
      String prefix = "/registry/configmaps/feed-" + UUID.randomUUID() + "/";
      for (int i = 0; i < 10; i++) {
        etcd.getKVClient().put(ByteSequence.from(prefix + i, StandardCharsets.UTF_8), ByteSequence.from("{}", StandardCharsets.UTF_8))
            .get(5, TimeUnit.SECONDS);
      }
      try (WatchFeed feed = WatchFeed.open(etcd.getWatchClient(), from, 4)) {
        int events = 0;
        WatchFeed.Signal s;
        while ((s = feed.poll(Duration.ofSeconds(10))) instanceof WatchFeed.Changes c) {
          events += c.response().getEvents().size();
        }
        assertThat(s).isInstanceOf(WatchFeed.Failed.class);
        assertThat(((WatchFeed.Failed) s).error()).hasMessageContaining("more than 4 watch events waiting");
        assertThat(events).isLessThanOrEqualTo(4);
        assertThat(feed.held()).isLessThanOrEqualTo(4 + 10);
      }
    }
  }
}
