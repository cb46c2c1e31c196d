package io.capstan.auth.approver;

import io.capstan.auth.CsrEvents;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Approves node client certificate requests as kube-controller-manager's {@code csrapproving}
 * controller does: a pending {@link NodeClientRequest} is approved when a SubjectAccessReview says
 * its requester may {@code create certificatesigningrequests/nodeclient} (bootstrap tokens) or
 * {@code /selfnodeclient} (a node renewing). Anything else is left for a person. The apiserver then
 * signs it (it holds the cluster CA); this service needs only approval rights, not the CA key.
 */
public final class NodeCsrApprover implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeCsrApprover.class);

  private final KubernetesClient client;
  private SharedIndexInformer<CertificateSigningRequest> informer;

  public NodeCsrApprover(KubernetesClient client) {
    this.client = client;
  }

  public synchronized void start() {
    informer = CsrEvents.inform(client, this::consider);
  }

  void consider(CertificateSigningRequest csr) {
    if (decided(csr)) return;
    Optional<NodeClientRequest> request = NodeClientRequest.of(csr);
    if (request.isEmpty()) return;
    String name = csr.getMetadata().getName();
    try {
      if (!allowed(csr, request.get().subresource())) {
        log.info("CSR {}: {} may not create certificatesigningrequests/{}; left for an administrator", name,
            csr.getSpec().getUsername(), request.get().subresource());
        return;
      }
      CertificateSigningRequestCondition approved = new CertificateSigningRequestConditionBuilder()
          .withType("Approved").withStatus("True").withReason("AutoApproved")
          .withMessage("Auto approving kubelet client certificate after SubjectAccessReview.").build();
      client.certificates().v1().certificateSigningRequests().withName(name).approve(approved);
      log.info("approved CSR {} for node {}", name, request.get().nodeName());
    } catch (KubernetesClientException e) {
      // A conflict means someone decided meanwhile; the informer brings the new state either way.
      log.warn("CSR {}: approval failed: {}", name, e.getMessage());
    }
  }

  private boolean allowed(CertificateSigningRequest csr, String subresource) {
    var spec = csr.getSpec();
    SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec()
        .withUser(spec.getUsername()).withUid(spec.getUid()).withGroups(spec.getGroups())
        .withNewResourceAttributes().withGroup("certificates.k8s.io").withResource("certificatesigningrequests")
        .withSubresource(subresource).withVerb("create").endResourceAttributes()
        .endSpec().build();
    SubjectAccessReview answer = client.authorization().v1().subjectAccessReview().create(review);
    return answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
  }

  private static boolean decided(CertificateSigningRequest csr) {
    return csr.getStatus() != null && csr.getStatus().getConditions() != null
        && csr.getStatus().getConditions().stream().anyMatch(c -> "Approved".equals(c.getType()) || "Denied".equals(c.getType()));
  }

  @Override
  public synchronized void close() {
    if (informer != null) informer.close();
  }
}
