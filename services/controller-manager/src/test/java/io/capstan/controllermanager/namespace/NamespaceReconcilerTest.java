package io.capstan.controllermanager.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.controllermanager.framework.Caches;
import io.capstan.controllermanager.framework.Result;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamespaceReconcilerTest {
  static final class FakeContent implements NamespaceContent {
    int remaining;
    final List<String> deleted = new ArrayList<>();
    final List<String> finalized = new ArrayList<>();

    @Override
    public int deleteAll(String namespace) {
      deleted.add(namespace);
      return remaining;
    }

    @Override
    public void finalizeNamespace(Namespace namespace) {
      finalized.add(namespace.getMetadata().getName());
    }
  }

  private final FakeContent content = new FakeContent();

  static Namespace ns(String name, boolean terminating) {
    NamespaceBuilder b = new NamespaceBuilder().withNewMetadata().withName(name).withResourceVersion("3").endMetadata()
        .withNewSpec().withFinalizers("kubernetes").endSpec();
    if (terminating) b.editMetadata().withDeletionTimestamp("2026-01-01T00:00:00Z").endMetadata();
    return b.build();
  }

  @Test
  void anActiveNamespaceIsLeftAlone() {
    new NamespaceReconciler(Caches.of(ns("a", false)), content).reconcile("a");
    assertThat(content.deleted).isEmpty();
    assertThat(content.finalized).isEmpty();
  }

  @Test
  void aTerminatingNamespaceWithContentIsEmptiedAndLookedAtAgain() {
    content.remaining = 3;
    Result r = new NamespaceReconciler(Caches.of(ns("a", true)), content).reconcile("a");
    assertThat(content.deleted).containsExactly("a");
    assertThat(content.finalized).isEmpty();
    assertThat(r.requeueAfter()).isEqualTo(NamespaceReconciler.RECHECK);
  }

  @Test
  void anEmptyTerminatingNamespaceIsFinalized() {
    Result r = new NamespaceReconciler(Caches.of(ns("a", true)), content).reconcile("a");
    assertThat(content.finalized).containsExactly("a");
    assertThat(r.requeues()).isFalse();
  }
}
