package io.capstan.scheduler.plugins;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.List;

/**
 * Pod (anti-)affinity terms of a pod, and whether a term selects another pod. A term's namespaces
 * are its {@code namespaces}, else its owner's; an empty {@code namespaceSelector} means every
 * namespace. Namespace selectors with labels are not evaluated (Capstan keeps no namespace
 * informer in the scheduler yet): such terms use the listed namespaces or the owner's.
 */
final class AffinityTerms {
  private AffinityTerms() {}

  static List<PodAffinityTerm> requiredAffinity(Pod p) {
    Affinity a = p.getSpec().getAffinity();
    return a == null || a.getPodAffinity() == null || a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null
        ? List.of() : a.getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
  }

  static List<PodAffinityTerm> requiredAntiAffinity(Pod p) {
    Affinity a = p.getSpec().getAffinity();
    return a == null || a.getPodAntiAffinity() == null || a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null
        ? List.of() : a.getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
  }

  static List<WeightedPodAffinityTerm> preferredAffinity(Pod p) {
    Affinity a = p.getSpec().getAffinity();
    return a == null || a.getPodAffinity() == null || a.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution() == null
        ? List.of() : a.getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
  }

  static List<WeightedPodAffinityTerm> preferredAntiAffinity(Pod p) {
    Affinity a = p.getSpec().getAffinity();
    return a == null || a.getPodAntiAffinity() == null || a.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution() == null
        ? List.of() : a.getPodAntiAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
  }

  /** Does {@code term}, declared by {@code owner}, select {@code target}? */
  static boolean selects(PodAffinityTerm term, Pod owner, Pod target) {
    String ns = target.getMetadata().getNamespace();
    boolean allNamespaces = term.getNamespaceSelector() != null
        && (term.getNamespaceSelector().getMatchLabels() == null || term.getNamespaceSelector().getMatchLabels().isEmpty())
        && (term.getNamespaceSelector().getMatchExpressions() == null || term.getNamespaceSelector().getMatchExpressions().isEmpty());
    if (!allNamespaces) {
      List<String> namespaces = term.getNamespaces();
      boolean inNs = namespaces == null || namespaces.isEmpty() ? ns.equals(owner.getMetadata().getNamespace()) : namespaces.contains(ns);
      if (!inNs) return false;
    }
    return Selectors.matches(term.getLabelSelector(), target.getMetadata().getLabels());
  }
}
