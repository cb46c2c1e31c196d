package io.capstan.nodeagent.volume;

import io.capstan.nodeagent.pod.ClusterObjects;
import io.capstan.nodeagent.pod.ClusterObjects.IssuedToken;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet's token manager: service-account tokens of projected volumes, requested through the
 * TokenRequest API bound to their pod, reused until 80% of their lifetime has passed or they are
 * 24 h old, then requested anew. A refresh that fails while the held token is still valid keeps
 * the held one (the pod keeps working through a short apiserver outage); the next sync retries.
 */
public final class BoundTokenCache {
  private static final Logger log = LoggerFactory.getLogger(BoundTokenCache.class);
  static final Duration MAX_AGE = Duration.ofHours(24);

  private record Key(String podUid, String serviceAccount, String audience, long expirationSeconds) {}

  private record Held(IssuedToken token, Instant issued) {
    boolean fresh(Instant now) {
      Duration lifetime = Duration.between(issued, token.expires());
      Instant refreshAt = issued.plus(lifetime.multipliedBy(8).dividedBy(10));
      Instant maxAge = issued.plus(MAX_AGE);
      return now.isBefore(refreshAt) && now.isBefore(maxAge);
    }
  }

  private final ClusterObjects objects;
  private final Clock clock;
  private final Map<Key, Held> held = new ConcurrentHashMap<>();

  public BoundTokenCache(ClusterObjects objects, Clock clock) {
    this.objects = objects;
    this.clock = clock;
  }

  /** A token for the pod's service account, reused while fresh. */
  public String token(Pod pod, String audience, long expirationSeconds) throws VolumeManager.VolumeNotReady {
    String sa = serviceAccount(pod);
    Key key = new Key(pod.getMetadata().getUid(), sa, audience == null ? "" : audience, expirationSeconds);
    Instant now = clock.instant();
    Held current = held.get(key);
    if (current != null && current.fresh(now)) return current.token().token();
    try {
      IssuedToken t = objects.serviceAccountToken(pod, sa, key.audience(), expirationSeconds);
      held.put(key, new Held(t, now));
      return t.token();
    } catch (RuntimeException e) {
      if (current != null && now.isBefore(current.token().expires())) {
        log.warn("refreshing the token of service account {}/{} failed, keeping the held one: {}",
            pod.getMetadata().getNamespace(), sa, e.getMessage());
        return current.token().token();
      }
      throw new VolumeManager.VolumeNotReady("failed to fetch token: " + e.getMessage());
    }
  }

  /** Drops the tokens of a pod that is gone. */
  public void forget(String podUid) {
    held.keySet().removeIf(k -> k.podUid().equals(podUid));
  }

  static String serviceAccount(Pod pod) {
    String sa = pod.getSpec().getServiceAccountName();
    return sa == null || sa.isEmpty() ? "default" : sa;
  }
}
