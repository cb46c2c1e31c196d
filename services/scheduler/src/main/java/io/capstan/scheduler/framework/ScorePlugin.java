package io.capstan.scheduler.framework;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * Ranks a feasible node; after every node is scored, {@link #normalize} maps the plugin's scores
 * to [0, {@link #MAX_SCORE}] and the framework multiplies them by the profile's weight.
 * Called concurrently for many nodes.
 */
public interface ScorePlugin extends Plugin {
  long MAX_SCORE = 100;

  long score(CycleState state, Pod pod, NodeInfo node);

  default void normalize(CycleState state, Pod pod, long[] scores) {}

  /** Kubernetes' DefaultNormalizeScore: scale to [0, max] by the highest score, optionally reversed. */
  static void defaultNormalize(long max, boolean reverse, long[] scores) {
    long highest = 0;
    for (long s : scores) highest = Math.max(highest, s);
    for (int i = 0; i < scores.length; i++) {
      long s = highest == 0 ? (reverse ? max : 0) : scores[i] * max / highest;
      scores[i] = reverse && highest != 0 ? max - s : s;
    }
  }
}
