package io.capstan.apiserver.resource;

/** Maps a built-in resource to its strategy; kinds without special rules get the default one. */
public final class Strategies {
  private Strategies() {}

  private static final ResourceStrategy DEFAULT = new ResourceStrategy() {};
  private static final ResourceStrategy NO_STATUS = new ResourceStrategy() {
    @Override public boolean hasStatus() { return false; }
  };

  public static ResourceStrategy forResource(String group, String plural) {
    return switch (group + "/" + plural) {
      case "/configmaps", "/secrets", "/events", "/serviceaccounts", "/endpoints", "/limitranges",
          "coordination.k8s.io/leases", "discovery.k8s.io/endpointslices", "events.k8s.io/events",
          "scheduling.k8s.io/priorityclasses", "apps/controllerrevisions" -> NO_STATUS;
      default -> DEFAULT;
    };
  }
}
