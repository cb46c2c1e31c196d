package io.capstan.scheduler.core;

import static io.capstan.scheduler.Fixtures.node;
import static io.capstan.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.scheduler.Fixtures.FakeWriter;
import io.capstan.scheduler.cache.SchedulerCache;
import io.capstan.scheduler.framework.Framework;
import io.capstan.scheduler.framework.ProfileSpec;
import io.capstan.scheduler.plugins.InTreePlugins;
import io.capstan.scheduler.queue.SchedulingQueue;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A scoped scheduler queues only its namespaces' pods and knows only its pool's nodes. */
class ClusterScopeTest {
  private final FakeWriter writer = new FakeWriter();
  private final Framework fwk = new Framework(ProfileSpec.defaults("default-scheduler"), InTreePlugins.registry(), writer,
      p -> 0);
  private final SchedulingQueue queue = new SchedulingQueue(fwk.queueSort(), p -> fwk.runPreEnqueue(p.pod()),
      System::currentTimeMillis, Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMinutes(5));
  private final SchedulerCache cache = new SchedulerCache(System::currentTimeMillis, Duration.ofSeconds(30));
  private final Scheduler scheduler = new Scheduler(Map.of("default-scheduler", fwk), queue, cache, writer,
      new SchedulerMetrics(new SimpleMeterRegistry()), 1, 0, 1);
  private final ClusterEventHandlers handlers = new ClusterEventHandlers(scheduler, new PriorityResolver(n -> null, List::of),
      ClusterScope.of("wc", "pool", "a"));

  @AfterEach
  void close() throws InterruptedException {
    scheduler.close();
  }

  @Test
  void podsOutsideTheNamespacesAreLeftAlone() {
    handlers.pods().onAdd(new PodBuilder(pod("mine", "100m").build()).editMetadata().withNamespace("wc-x").endMetadata().build(), false);
    handlers.pods().onAdd(new PodBuilder(pod("other", "100m").build()).editMetadata().withNamespace("team").endMetadata().build(), false);
    assertThat(queue.contains("wc-x/mine")).isTrue();
    assertThat(queue.contains("team/other")).isFalse();
  }

  @Test
  void nodesOutsideThePoolAreNeverCandidatesAndARelabelledNodeIsForgotten() {
    Node a = node("a", "2", "4Gi", Map.of("pool", "a"));
    handlers.nodes().onAdd(a, false);
    handlers.nodes().onAdd(node("b", "2", "4Gi", Map.of("pool", "b")), false);
    assertThat(cache.nodeCount()).isEqualTo(1);
    handlers.nodes().onUpdate(a, node("a", "2", "4Gi", Map.of("pool", "b")));
    assertThat(cache.nodeCount()).isZero();
  }
}
