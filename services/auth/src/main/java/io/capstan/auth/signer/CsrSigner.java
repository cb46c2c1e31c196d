package io.capstan.auth.signer;

import io.capstan.auth.CsrEvents;
import io.capstan.security.pki.CsrRules;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's CSR signers ({@link SignerRules}), the only holder of the cluster CA key: an
 * approved, not yet issued request gets {@code status.certificate} through the {@code /status}
 * subresource, or a {@code Failed} condition (reason {@code SignerValidationFailure}) when it does
 * not meet its signer's rules, as Kubernetes' signing controller does. Lifetime: one year, or
 * {@code spec.expirationSeconds} (at least 10 minutes), never past the CA's own expiry. Signing runs
 * on one worker off the informer's thread; a conflicting write is retried on the next event.
 */
public final class CsrSigner implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CsrSigner.class);
  private static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);
  private static final Duration MIN_VALIDITY = Duration.ofMinutes(10);

  private final KubernetesClient client;
  private final CertificateIssuer issuer;
  private final Clock clock;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "csr-signer");
    t.setDaemon(true);
    return t;
  });
  private SharedIndexInformer<CertificateSigningRequest> informer;

  public CsrSigner(KubernetesClient client, CertificateIssuer issuer, Clock clock) {
    this.client = client;
    this.issuer = issuer;
    this.clock = clock;
  }

  public synchronized void start() {
    informer = CsrEvents.inform(client, this::consider);
  }

  private void consider(CertificateSigningRequest csr) {
    if (!SignerRules.needsSigning(csr)) return;
    worker.execute(() -> {
      String name = csr.getMetadata().getName();
      try {
        sign(csr);
      } catch (KubernetesClientException e) {
        // 409: the CSR changed meanwhile and its next event brings it back; 404: it is gone.
        log.info("CSR {} not written: {}", name, e.getMessage());
      } catch (RuntimeException e) {
        log.warn("signing CSR {} failed", name, e);
      }
    });
  }

  /** Writes the certificate, or the Failed condition, for {@code csr} (as cached; the write is optimistic). */
  void sign(CertificateSigningRequest csr) {
    if (!SignerRules.needsSigning(csr)) return;
    String signer = csr.getSpec().getSignerName();
    List<String> usages = csr.getSpec().getUsages() == null ? List.of() : csr.getSpec().getUsages();
    String problem;
    PKCS10CertificationRequest request = null;
    try {
      request = CsrRules.parse(csr.getSpec().getRequest());
      problem = CsrRules.check(signer, request, usages);
    } catch (IllegalArgumentException e) {
      problem = e.getMessage();
    }
    CertificateSigningRequest updated = copyOf(csr);
    if (problem != null) {
      String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
      List<CertificateSigningRequestCondition> conditions = new ArrayList<>(updated.getStatus().getConditions());
      conditions.add(new CertificateSigningRequestConditionBuilder().withType("Failed").withStatus("True")
          .withReason("SignerValidationFailure").withMessage(problem).withLastUpdateTime(now).withLastTransitionTime(now)
          .build());
      updated.getStatus().setConditions(conditions);
      client.certificates().v1().certificateSigningRequests().resource(updated).updateStatus();
      log.info("CSR {} failed its signer's rules: {}", csr.getMetadata().getName(), problem);
      return;
    }
    Integer seconds = csr.getSpec().getExpirationSeconds();
    Duration validity = seconds == null ? DEFAULT_VALIDITY : max(Duration.ofSeconds(seconds), MIN_VALIDITY);
    boolean serving = signer.equals(CsrRules.KUBELET_SERVING);
    X509Certificate cert = issuer.issue(request, new CertificateIssuer.Profile(!serving, serving, serving), validity,
        clock.instant());
    updated.getStatus().setCertificate(Base64.getEncoder().encodeToString(
        CertificateIssuer.pem(cert).getBytes(StandardCharsets.US_ASCII)));
    client.certificates().v1().certificateSigningRequests().resource(updated).updateStatus();
    log.info("CSR {} signed by {}", csr.getMetadata().getName(), signer);
  }

  private CertificateSigningRequest copyOf(CertificateSigningRequest csr) {
    return client.getKubernetesSerialization().clone(csr);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  @Override
  public synchronized void close() {
    if (informer != null) informer.close();
    worker.shutdownNow();
  }
}
