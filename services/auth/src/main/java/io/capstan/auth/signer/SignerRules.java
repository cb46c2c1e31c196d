package io.capstan.auth.signer;

import io.capstan.security.pki.CsrRules;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import java.util.List;

/** Whether a request is waiting for the cluster's signers (what they accept: {@link CsrRules}). */
final class SignerRules {

  private SignerRules() {}

  /** Approved, neither denied nor failed, not yet issued, and for one of the cluster's signers. */
  static boolean needsSigning(CertificateSigningRequest csr) {
    if (csr.getSpec() == null || !CsrRules.SIGNERS.contains(csr.getSpec().getSignerName())) return false;
    if (csr.getStatus() == null) return false;
    String issued = csr.getStatus().getCertificate();
    if (issued != null && !issued.isEmpty()) return false;
    boolean approved = false;
    List<CertificateSigningRequestCondition> conditions = csr.getStatus().getConditions();
    for (CertificateSigningRequestCondition c : conditions == null ? List.<CertificateSigningRequestCondition>of() : conditions) {
      if (c.getStatus() != null && !"True".equals(c.getStatus())) continue;
      if ("Denied".equals(c.getType()) || "Failed".equals(c.getType())) return false;
      if ("Approved".equals(c.getType())) approved = true;
    }
    return approved;
  }
}
