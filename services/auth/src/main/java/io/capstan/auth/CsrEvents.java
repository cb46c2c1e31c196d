package io.capstan.auth;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.function.Consumer;

/**
 * An informer on CertificateSigningRequests that hands every added or changed request to one
 * consumer — how the auth service's approver and signer both work. A deleted request needs
 * nothing: approvals and issued certificates are facts about the object, not state to undo.
 */
public final class CsrEvents {
  private CsrEvents() {}

  public static SharedIndexInformer<CertificateSigningRequest> inform(KubernetesClient client,
      Consumer<CertificateSigningRequest> consider) {
    return client.certificates().v1().certificateSigningRequests().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(CertificateSigningRequest csr) {
        consider.accept(csr);
      }

      @Override
      public void onUpdate(CertificateSigningRequest old, CertificateSigningRequest now) {
        consider.accept(now);
      }

      @Override
      public void onDelete(CertificateSigningRequest csr, boolean unknownFinalState) {
        // Nothing to undo (see the class comment).
      }
    });
  }
}
