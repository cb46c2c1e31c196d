package io.capstan.scheduler.plugins;

import io.capstan.scheduler.framework.CycleState;
import io.capstan.scheduler.framework.PreFilterPlugin;
import io.capstan.scheduler.framework.Snapshot;
import io.capstan.scheduler.framework.Status;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;

/**
 * Node-local volumes only: hostPath, emptyDir (and configMap, secret, downwardAPI, projected,
 * which need no binding) fit every node. Capstan does not bind PersistentVolumes yet, so a pod
 * with a persistentVolumeClaim volume is unschedulable with Kubernetes' unbound-claim message.
 */
public final class VolumeBinding implements PreFilterPlugin {
  public static final String NAME = "VolumeBinding";
  public static final String UNBOUND = "pod has unbound immediate PersistentVolumeClaims";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Result preFilter(CycleState state, Pod pod, Snapshot snapshot) {
    if (pod.getSpec().getVolumes() == null) return Result.of(Status.skip());
    for (Volume v : pod.getSpec().getVolumes()) {
      if (v.getPersistentVolumeClaim() != null || v.getEphemeral() != null) return Result.of(Status.unresolvable(UNBOUND));
    }
    return Result.of(Status.skip());
  }
}
