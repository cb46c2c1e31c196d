package io.capstan.controllermanager.replicationcontroller;

import io.capstan.client.informer.Informer;
import io.capstan.controllermanager.framework.Controller;
import io.capstan.controllermanager.framework.ControllerContext;
import io.capstan.controllermanager.replicaset.ReplicaSetReconciler;
import io.fabric8.kubernetes.api.model.ReplicationController;

/**
 * The ReplicationController controller: Kubernetes' ReplicaSet controller run over
 * ReplicationControllers ({@link ReplicationControllers} converts, {@link ReplicationControllerWriter}
 * writes status back), so both kinds keep their replicas the same way.
 */
public final class ReplicationControllerController {
  public static final String NAME = "replicationcontroller";

  private ReplicationControllerController() {}

  public static Controller create(ControllerContext ctx) {
    Informer<ReplicationController> rcs = ctx.informers().informer(ReplicationController.class,
        "/registry/replicationcontrollers");
    return ReplicaSetReconciler.create(ctx, NAME, rcs, ReplicationControllers.view(rcs.store()),
        new ReplicationControllerWriter(ctx.writer(), rcs.store()), ReplicationControllers.KIND);
  }
}
