package io.capstan.nodeagent.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.nodeagent.probe.ProbeManager;
import io.capstan.nodeagent.runtime.RuntimeError;
import io.capstan.nodeagent.volume.VolumeManager;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync loop against the fake runtime, with a clock the test moves. */
class PodSyncerTest {

  @TempDir Path state;
  MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  FakeRuntime runtime = new FakeRuntime(clock);
  List<PodStatus> writes = new ArrayList<>();
  // Graceful termination deletes and records events on its own threads.
  List<String> deleted = new CopyOnWriteArrayList<>();
  List<String> events = new CopyOnWriteArrayList<>();
  ProbeManager probes;
  PodSyncer syncer;


  @BeforeEach
  void setUp() {
    ClusterObjects objects = new ClusterObjects() {
      public Optional<ConfigMap> configMap(String namespace, String name) {
        return Optional.empty();
      }

      public Optional<Secret> secret(String namespace, String name) {
        return Optional.empty();
      }

      public IssuedToken serviceAccountToken(Pod pod, String serviceAccount, String audience, long expirationSeconds) {
        return new IssuedToken("t", clock.instant().plusSeconds(expirationSeconds));
      }

      public void writeStatus(Pod pod, PodStatus status) {
        writes.add(status);
      }

      public void deleteFinally(Pod pod) {
        deleted.add(pod.getMetadata().getName());
      }
    };
    probes = new ProbeManager(runtime, Executors.newSingleThreadScheduledExecutor(), key -> {});
    syncer = new PodSyncer(runtime, objects, new VolumeManager(state, objects, Map.of()), new ContainerSpecs(objects, Map.of()),
        probes, new BackOff(Duration.ofSeconds(10), Duration.ofMinutes(5)), clock, "192.0.2.2",
        Executors.newSingleThreadExecutor(), key -> {},
        (target, type, reason, message) -> events.add(type + " " + reason + ": " + message));
  }

  @AfterEach
  void tearDown() {
    probes.close();
  }

  static Pod pod(String restartPolicy, String... initContainers) {
    PodBuilder b = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("uid-12345678").endMetadata()
        .withNewSpec().withNodeName("n").withRestartPolicy(restartPolicy)
        .addNewContainer().withName("app").withImage("busybox").endContainer().endSpec();
    for (String i : initContainers) b.editSpec().addNewInitContainer().withName(i).withImage("busybox").endInitContainer().endSpec();
    return b.build();
  }

  /** Syncs with the last written status, as the informer would deliver it. */
  PodStatus sync(Pod pod) {
    if (!writes.isEmpty()) pod.setStatus(writes.get(writes.size() - 1));
    syncer.sync(pod);
    return writes.get(writes.size() - 1);
  }

  static ContainerStatus app(PodStatus s) {
    return s.getContainerStatuses().get(0);
  }

  @Test
  void aRunningPodIsRunningAndReadyWithAnIpAndNoRewriteWhenNothingChanged() {
    Pod pod = pod("Always");
    PodStatus s = sync(pod);
    assertThat(s.getPhase()).isEqualTo("Running");
    assertThat(s.getPodIP()).startsWith("10.");
    assertThat(s.getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
        .containsExactly("PodScheduled=True", "Initialized=True", "ContainersReady=True", "Ready=True");
    assertThat(app(s).getState().getRunning()).isNotNull();
    assertThat(s.getQosClass()).isEqualTo("BestEffort");
    int before = writes.size();
    clock.advance(Duration.ofSeconds(30));
    sync(pod);
    assertThat(writes).hasSize(before);
  }

  @Test
  void aSandboxThatCannotBeCreatedIsAWarningEventAndARetry() {
    runtime.sandboxFailure = new RuntimeError("failed to make pod: building local pause image: exec: \"catatonit\": not found", 500);
    assertThatThrownBy(() -> syncer.sync(pod("Always"))).isSameAs(runtime.sandboxFailure);
    assertThat(events).containsExactly("Warning FailedCreatePodSandBox: Failed to create pod sandbox: "
        + "failed to make pod: building local pause image: exec: \"catatonit\": not found");

    runtime.sandboxFailure = null;
    assertThat(app(sync(pod("Always"))).getState().getRunning()).isNotNull();
  }

  @Test
  void crashesBackOffTenSecondsDoublingAndShowCrashLoopBackOff() {
    runtime.exitCodes.put("app", 1);
    Pod pod = pod("Always");
    sync(pod); // start: exits 1
    PodStatus s = sync(pod); // first restart is immediate
    assertThat(app(s).getRestartCount()).isEqualTo(1);
    s = sync(pod);
    assertThat(app(s).getState().getWaiting().getReason()).isEqualTo("CrashLoopBackOff");
    assertThat(app(s).getState().getWaiting().getMessage()).startsWith("back-off 10s");
    assertThat(app(s).getLastState().getTerminated().getExitCode()).isEqualTo(1);
    assertThat(app(s).getLastState().getTerminated().getReason()).isEqualTo("Error");
    assertThat(s.getPhase()).isEqualTo("Running");
    clock.advance(Duration.ofSeconds(9));
    assertThat(app(sync(pod)).getRestartCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(app(sync(pod)).getRestartCount()).isEqualTo(2);
    s = sync(pod);
    assertThat(app(s).getState().getWaiting().getMessage()).startsWith("back-off 20s");
    for (int i = 0; i < 8; i++) {
      clock.advance(Duration.ofMinutes(5));
      sync(pod);
    }
    assertThat(app(sync(pod)).getState().getWaiting().getMessage()).startsWith("back-off 300s");
  }

  @Test
  void restartPolicyNeverEndsSucceededOrFailed() {
    runtime.exitCodes.put("app", 0);
    Pod ok = pod("Never");
    sync(ok);
    PodStatus s = sync(ok);
    assertThat(s.getPhase()).isEqualTo("Succeeded");
    assertThat(app(s).getState().getTerminated().getReason()).isEqualTo("Completed");
    assertThat(s.getConditions()).filteredOn(c -> c.getType().equals("Ready")).allMatch(c -> "PodCompleted".equals(c.getReason()));

    writes.clear();
    runtime.exitCodes.put("app", 2);
    Pod bad = new PodBuilder(pod("Never")).editMetadata().withUid("uid-other123").endMetadata().build();
    sync(bad);
    s = sync(bad);
    assertThat(s.getPhase()).isEqualTo("Failed");
    assertThat(app(s).getRestartCount()).isZero();
  }

  @Test
  void onFailureRestartsOnlyFailures() {
    runtime.exitCodes.put("app", 0);
    Pod pod = pod("OnFailure");
    sync(pod);
    assertThat(sync(pod).getPhase()).isEqualTo("Succeeded");
    assertThat(runtime.started).containsExactly("app");
  }

  @Test
  void initContainersRunInOrderBeforeTheApp() {
    runtime.exitCodes.put("first", 0);
    runtime.exitCodes.put("second", 0);
    Pod pod = pod("Always", "first", "second");
    PodStatus s = sync(pod);
    assertThat(s.getPhase()).isEqualTo("Pending");
    assertThat(app(s).getState().getWaiting().getReason()).isEqualTo("PodInitializing");
    sync(pod);
    s = sync(pod);
    assertThat(runtime.started).containsExactly("first", "second", "app");
    assertThat(s.getPhase()).isEqualTo("Running");
    assertThat(s.getInitContainerStatuses()).allMatch(c -> c.getState().getTerminated().getExitCode() == 0);
  }

  @Test
  void aFailedInitContainerFailsAPodThatNeverRestarts() {
    runtime.exitCodes.put("setup", 1);
    Pod pod = pod("Never", "setup");
    sync(pod);
    PodStatus s = sync(pod);
    assertThat(s.getPhase()).isEqualTo("Failed");
    assertThat(runtime.started).containsExactly("setup");
  }

  @Test
  void aMissingImageWithPullPolicyNeverWaitsWithErrImageNeverPull() {
    runtime.missingImages.add("nope");
    Pod pod = new PodBuilder(pod("Always")).editSpec().editContainer(0).withImage("nope").withImagePullPolicy("Never")
        .endContainer().endSpec().build();
    PodStatus s = sync(pod);
    assertThat(app(s).getState().getWaiting().getReason()).isEqualTo("ErrImageNeverPull");
    assertThat(s.getPhase()).isEqualTo("Pending");
  }

  @Test
  void aFailedPullIsRetriedAfterABackOffReportedAsImagePullBackOff() {
    runtime.missingImages.add("gone");
    Pod pod = new PodBuilder(pod("Always")).editSpec().editContainer(0).withImage("gone").endContainer().endSpec()
        .build();
    assertThat(app(sync(pod)).getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
    clock.advance(Duration.ofSeconds(5));
    var waiting = app(sync(pod)).getState().getWaiting();
    assertThat(waiting.getReason()).isEqualTo("ImagePullBackOff");
    assertThat(waiting.getMessage()).isEqualTo("Back-off pulling image \"gone\"");
    clock.advance(Duration.ofSeconds(6)); // past the first 10 s: pull again, fail again
    assertThat(app(sync(pod)).getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
    runtime.missingImages.remove("gone");
    clock.advance(Duration.ofSeconds(21)); // past the doubled 20 s: the pull (now a hit) lets it start
    assertThat(app(sync(pod)).getState().getWaiting()).isNull();
  }

  @Test
  void pullPolicyAlwaysPullsEvenAPresentImageAndFailsWhenTheRegistryIsUnreachable() {
    runtime.unreachableImages.add("web:latest");
    Pod pod = new PodBuilder(pod("Always")).editSpec().editContainer(0).withImage("web:latest")
        .withImagePullPolicy("Always").endContainer().endSpec().build();
    var waiting = app(sync(pod)).getState().getWaiting();
    assertThat(waiting.getReason()).isEqualTo("ErrImagePull");
    assertThat(waiting.getMessage()).contains("registry unreachable");
    assertThat(runtime.pulls).containsExactly("web:latest");
    assertThat(runtime.started).isEmpty();
  }

  @Test
  void aPresentLocalOnlyImageIsUsedEvenUnderPullPolicyAlways() {
    runtime.unreachableImages.add("localhost/capstan/web:latest");
    Pod pod = new PodBuilder(pod("Always")).editSpec().editContainer(0).withImage("localhost/capstan/web:latest")
        .withImagePullPolicy("Always").endContainer().endSpec().build();
    assertThat(app(sync(pod)).getState().getRunning()).isNotNull();
    assertThat(runtime.pulls).isEmpty();
  }

  @Test
  void pullPolicyIfNotPresentUsesThePresentImageWithoutPulling() {
    Pod pod = new PodBuilder(pod("Always")).editSpec().editContainer(0).withImage("web:1")
        .withImagePullPolicy("IfNotPresent").endContainer().endSpec().build();
    assertThat(app(sync(pod)).getState().getRunning()).isNotNull();
    assertThat(runtime.pulls).isEmpty();
  }

  @Test
  void aContainerTheOomKillerEndedReportsOomKilled() {
    Pod pod = pod("Always");
    sync(pod);
    String id = runtime.listContainers(null).get(0).id();
    runtime.oomKill(id);
    PodStatus s = sync(pod); // restarted at once: the killed instance is lastState
    assertThat(app(s).getLastState().getTerminated().getReason()).isEqualTo("OOMKilled");
    assertThat(app(s).getLastState().getTerminated().getExitCode()).isEqualTo(137);
  }

  @Test
  void deletionStopsRemovesAndDeletesTheObject() throws Exception {
    Pod pod = pod("Always");
    sync(pod);
    Pod deleting = new PodBuilder(pod).editMetadata().withDeletionTimestamp("2026-01-01T00:00:30Z")
        .withDeletionGracePeriodSeconds(30L).endMetadata().build();
    syncer.sync(deleting);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> deleted.contains("p"));
    assertThat(runtime.listSandboxes()).isEmpty();
    assertThat(runtime.listContainers(null)).isEmpty();
  }

  @Test
  void orphanedSandboxesAreRemoved() {
    sync(pod("Always"));
    syncer.removeOrphans(java.util.Set.of("someone-else"));
    assertThat(runtime.listSandboxes()).isEmpty();
  }

  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
