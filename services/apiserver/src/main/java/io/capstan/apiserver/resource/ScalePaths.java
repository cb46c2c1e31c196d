package io.capstan.apiserver.resource;

/**
 * Where a kind keeps the numbers of its {@code /scale} subresource, as dotted paths
 * ({@code spec.replicas}); a custom resource takes them from its CRD.
 */
public record ScalePaths(String specReplicas, String statusReplicas, String labelSelector) {
  public static final ScalePaths BUILTIN = new ScalePaths("spec.replicas", "status.replicas", null);
}
