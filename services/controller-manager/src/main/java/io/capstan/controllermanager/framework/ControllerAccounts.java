package io.capstan.controllermanager.framework;

import java.util.Map;

/**
 * The service account (in kube-system) each controller runs as: Kubernetes' names, so its
 * bootstrap role {@code system:controller:<account>} applies unchanged.
 */
public final class ControllerAccounts {
  private static final Map<String, String> ACCOUNTS = Map.ofEntries(
      Map.entry("replicaset", "replicaset-controller"),
      Map.entry("replicationcontroller", "replication-controller"),
      Map.entry("deployment", "deployment-controller"),
      Map.entry("daemonset", "daemon-set-controller"),
      Map.entry("statefulset", "statefulset-controller"),
      Map.entry("job", "job-controller"),
      Map.entry("cronjob", "cronjob-controller"),
      Map.entry("ttl-after-finished", "ttl-after-finished-controller"),
      Map.entry("garbagecollector", "generic-garbage-collector"),
      Map.entry("namespace", "namespace-controller"),
      Map.entry("nodelifecycle", "node-controller"),
      Map.entry("tainteviction", "taint-eviction-controller"),
      Map.entry("podgc", "pod-garbage-collector"),
      Map.entry("serviceaccount", "service-account-controller"),
      Map.entry("endpoints", "endpoint-controller"),
      Map.entry("endpointslice", "endpointslice-controller"),
      Map.entry("disruption", "disruption-controller"),
      Map.entry("service-lb", "service-controller"),
      Map.entry("root-ca-cert-publisher", "root-ca-cert-publisher"));

  private ControllerAccounts() {}

  /** The account of the controller named {@code controller} (its {@code NAME}). */
  public static String of(String controller) {
    String account = ACCOUNTS.get(controller);
    if (account == null) throw new IllegalArgumentException("no service account for controller " + controller);
    return account;
  }

  public static Map<String, String> all() {
    return ACCOUNTS;
  }
}
