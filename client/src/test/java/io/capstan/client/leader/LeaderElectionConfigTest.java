package io.capstan.client.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LeaderElectionConfigTest {

  private final LeaderElectionConfig defaults = LeaderElectionConfig.of("kube-system", "scheduler", "node-1");

  @Test
  void defaultsAreKubernetes() {
    assertThat(defaults.leaseDuration()).isEqualTo(Duration.ofSeconds(15));
    assertThat(defaults.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.retryPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(defaults.releaseOnStop()).isTrue();
    assertThat(defaults.leaseDurationSeconds()).isEqualTo(15);
  }

  @Test
  void leaseDurationMustExceedRenewDeadlineWhichMustExceedRetryPeriod() {
    assertThatThrownBy(() -> defaults.withTimings(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("renewDeadline");
    assertThatThrownBy(() -> defaults.withTimings(Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofSeconds(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryPeriod");
    assertThatThrownBy(() -> defaults.withTimings(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withTimings(Duration.ofMillis(900), Duration.ofMillis(500), Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1s");
    assertThat(defaults.withTimings(Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofMillis(500)).leaseDurationSeconds())
        .isEqualTo(3);
  }

  @Test
  void namesAndIdentityAreRequired() {
    assertThatThrownBy(() -> LeaderElectionConfig.of("ns", "lock", " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("identity");
    assertThatThrownBy(() -> LeaderElectionConfig.of("", "lock", "me"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaseNamespace");
  }
}
