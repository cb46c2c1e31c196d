package io.capstan.client.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

  @Test
  void exponentialBackOffDoublesFromFiveMillisecondsPerItem() {
    ExponentialFailureRateLimiter<String> limiter = new ExponentialFailureRateLimiter<>();
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(10));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(20));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(40));
    assertThat(limiter.when("b")).as("items back off independently").isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.numRequeues("a")).isEqualTo(4);
    assertThat(limiter.numRequeues("b")).isEqualTo(1);

    limiter.forget("a");
    assertThat(limiter.numRequeues("a")).isZero();
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
  }

  @Test
  void exponentialBackOffStopsAtTheCapAndNeverOverflows() {
    ExponentialFailureRateLimiter<String> limiter = new ExponentialFailureRateLimiter<>();
    Duration last = Duration.ZERO;
    for (int i = 0; i < 200; i++) {
      last = limiter.when("a");
      assertThat(last).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1000));
    }
    assertThat(last).isEqualTo(Duration.ofSeconds(1000));
    // 5 ms * 2^17 = 655.36 s, * 2^18 = 1310.72 s > cap
    ExponentialFailureRateLimiter<String> fresh = new ExponentialFailureRateLimiter<>();
    for (int i = 0; i < 17; i++) {
      fresh.when("x");
    }
    assertThat(fresh.when("x")).isEqualTo(Duration.ofMillis(655_360));
    assertThat(fresh.when("x")).isEqualTo(Duration.ofSeconds(1000));
  }

  @Test
  void exponentialBackOffIsConfigurable() {
    ExponentialFailureRateLimiter<String> limiter =
        new ExponentialFailureRateLimiter<>(Duration.ofMillis(100), Duration.ofMillis(350));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(100));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(200));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(350));
    assertThatThrownBy(() -> new ExponentialFailureRateLimiter<>(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void tokenBucketAllowsTheBurstThenSpacesAtQps() {
    ManualClock clock = new ManualClock();
    TokenBucketRateLimiter<String> bucket = new TokenBucketRateLimiter<>(10, 100, clock);
    for (int i = 0; i < 100; i++) {
      assertThat(bucket.when("item-" + i)).isZero();
    }
    assertThat(bucket.when("x")).isEqualTo(Duration.ofMillis(100));
    assertThat(bucket.when("y")).isEqualTo(Duration.ofMillis(200));
    assertThat(bucket.numRequeues("x")).isZero();

    clock.step(Duration.ofMillis(200)); // pays back the two reservations
    assertThat(bucket.when("z")).isEqualTo(Duration.ofMillis(100));
    clock.step(Duration.ofSeconds(60)); // refills, but never above the burst
    for (int i = 0; i < 100; i++) {
      assertThat(bucket.when("item-" + i)).isZero();
    }
    assertThat(bucket.when("over")).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void maxOfTakesTheLongestDelayAndForgetsInAll() {
    ManualClock clock = new ManualClock();
    RateLimiter<String> limiter = new MaxOfRateLimiter<>(
        new ExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)),
        new TokenBucketRateLimiter<>(1, 1, clock));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.when("a")).as("bucket empty: 1 s beats 10 ms").isEqualTo(Duration.ofSeconds(1));
    assertThat(limiter.numRequeues("a")).isEqualTo(2);
    limiter.forget("a");
    assertThat(limiter.numRequeues("a")).isZero();
  }

  @Test
  void defaultControllerRateLimiterIsExponentialUntilTheBucketRunsOut() {
    ManualClock clock = new ManualClock();
    RateLimiter<String> limiter = RateLimiters.defaultControllerRateLimiter(clock);
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(10));
    for (int i = 0; i < 98; i++) {
      limiter.when("other-" + i);
    }
    assertThat(limiter.when("fresh")).as("101st token in the same instant").isEqualTo(Duration.ofMillis(100));
  }
}
