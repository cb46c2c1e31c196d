package io.capstan.client.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Existing Kubernetes dashboards find the queue's series under client-go's names. */
class PrometheusNamesTest {

  @Test
  void scrapeShowsClientGoMetricNames() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    RateLimitingQueue<String> queue = RateLimitingQueue.create(
        QueueConfig.named("deployment").withClock(new ManualClock()).withMeterRegistry(registry));
    try {
      queue.add("ns/a");
      queue.get();
      queue.done("ns/a");
      queue.addAfter("ns/b", Duration.ofSeconds(1));
      String scrape = registry.scrape();
      assertThat(scrape).contains(
          "workqueue_depth{name=\"deployment\"} 0",
          "workqueue_adds_total{name=\"deployment\"} 1",
          "workqueue_retries_total{name=\"deployment\"} 1",
          "workqueue_queue_duration_seconds_bucket{name=\"deployment\",le=\"1.0E-8\"}",
          "workqueue_queue_duration_seconds_count{name=\"deployment\"} 1",
          "workqueue_work_duration_seconds_bucket{name=\"deployment\",le=\"10.0\"} 1",
          "workqueue_unfinished_work_seconds{name=\"deployment\"} 0",
          "workqueue_longest_running_processor_seconds{name=\"deployment\"} 0");
    } finally {
      queue.shutDown();
    }
  }
}
