package io.capstan.apiserver.strategy;

import tools.jackson.databind.node.ObjectNode;

/** Applies the pod-spec defaults to a {@code template} inside a controller's spec. */
final class PodTemplateDefaults {
  private PodTemplateDefaults() {}

  /** Defaults {@code parent.template.spec} when a template is present. */
  static void apply(ObjectNode parent) {
    ObjectNode template = Defaulting.childIfPresent(parent, "template");
    if (template == null) return;
    ObjectNode spec = Defaulting.childIfPresent(template, "spec");
    if (spec != null) PodSpecDefaults.applyToPodSpec(spec);
  }
}
