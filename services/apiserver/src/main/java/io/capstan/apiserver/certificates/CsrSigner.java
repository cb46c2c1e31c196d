package io.capstan.apiserver.certificates;

import io.capstan.apiserver.informers.StorageInformers;
import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.apiserver.storage.Storage;
import io.capstan.client.informer.Informer;
import io.capstan.client.informer.ResourceEventHandler;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The cluster's CSR signers, in the API server because the cluster CA key already lives beside it
 * (a separate auth service would need a copy of that key and a client identity of its own, for no
 * gain on one machine). Watches CSRs through an informer on the server's storage; an approved,
 * not yet issued request for a supported signer gets {@code status.certificate}, or a
 * {@code Failed} condition when the request does not meet the signer's rules:
 * <ul>
 *   <li>{@code kubernetes.io/kube-apiserver-client}: usages within digital signature, key
 *       encipherment, client auth, and including client auth;</li>
 *   <li>{@code kubernetes.io/kube-apiserver-client-kubelet}: the same, for
 *       {@code CN=system:node:<name>, O=system:nodes};</li>
 *   <li>{@code kubernetes.io/kubelet-serving}: {@code CN=system:node:<name>, O=system:nodes},
 *       usages including server auth, only DNS and IP SANs.</li>
 * </ul>
 * Default lifetime one year, or {@code spec.expirationSeconds} (at least 10 minutes). Node
 * serving requests that name only the node's own addresses are approved first by the
 * {@link KubeletServingApprover}.
 */
@Component
public class CsrSigner implements DisposableBean {
  private static final Logger log = LoggerFactory.getLogger(CsrSigner.class);
  public static final String CLIENT = "kubernetes.io/kube-apiserver-client";
  public static final String CLIENT_KUBELET = "kubernetes.io/kube-apiserver-client-kubelet";
  public static final String KUBELET_SERVING = "kubernetes.io/kubelet-serving";
  private static final Set<String> CLIENT_USAGES = Set.of("digital signature", "key encipherment", "client auth");
  private static final Set<String> SERVING_USAGES = Set.of("digital signature", "key encipherment", "server auth");
  private static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

  private final CertificateIssuer issuer;
  private final GenericRegistry registry;
  private final Served csrs;
  private final Clock clock;
  private final Informer<ObjectNode> informer;
  private final KubeletServingApprover servingApprover;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "csr-signer"));

  public CsrSigner(@Value("${capstan.pki-dir}") String pkiDir, X509Certificate clusterCa, Storage storage,
      ResourceCatalog catalog, GenericRegistry registry, Clock clock) throws IOException {
    this.issuer = new CertificateIssuer(clusterCa, CertificateIssuer.readKey(Path.of(pkiDir, "ca.key")));
    this.registry = registry;
    this.csrs = catalog.find("certificates.k8s.io", "v1", "certificatesigningrequests").orElseThrow();
    this.clock = clock;
    this.servingApprover = new KubeletServingApprover(registry, csrs,
        catalog.find("", "v1", "nodes").orElseThrow(), clock);
    this.informer = StorageInformers.forType(storage, csrs.type());
    informer.addEventHandler(new ResourceEventHandler<>() {
      @Override
      public void onAdd(ObjectNode object, boolean initialList) {
        consider(object);
      }

      @Override
      public void onUpdate(ObjectNode old, ObjectNode now) {
        consider(now);
      }
    });
    informer.start();
  }

  private void consider(ObjectNode csr) {
    String name = csr.path("metadata").path("name").asString();
    if (KubeletServingApprover.undecided(csr)) {
      worker.execute(() -> {
        try {
          servingApprover.consider(name);
        } catch (RuntimeException e) {
          log.warn("approving serving CSR {} failed: {}", name, e.toString());
        }
      });
      return;
    }
    if (!needsSigning(csr)) return;
    worker.execute(() -> {
      try {
        sign(name);
      } catch (RuntimeException e) {
        log.warn("signing CSR {} failed: {}", name, e.toString());
      }
    });
  }

  static boolean needsSigning(JsonNode csr) {
    String signer = csr.path("spec").path("signerName").asString("");
    if (!Set.of(CLIENT, CLIENT_KUBELET, KUBELET_SERVING).contains(signer)) return false;
    if (!csr.path("status").path("certificate").asString("").isEmpty()) return false;
    boolean approved = false;
    for (JsonNode c : csr.path("status").path("conditions")) {
      String type = c.path("type").asString("");
      if (!"True".equals(c.path("status").asString("True"))) continue;
      if (type.equals("Denied") || type.equals("Failed")) return false;
      if (type.equals("Approved")) approved = true;
    }
    return approved;
  }

  void sign(String name) {
    registry.patch(csrs, null, name, csr -> {
      if (!needsSigning(csr)) return csr; // signed or denied meanwhile
      JsonNode spec = csr.path("spec");
      String signer = spec.path("signerName").asString();
      List<String> usages = new ArrayList<>();
      spec.path("usages").forEach(u -> usages.add(u.asString()));
      PKCS10CertificationRequest request = CertificateRequests.parse(spec.path("request").asString(""));
      String problem = check(signer, request, usages);
      ObjectNode status = Json.objectAt(csr, "status");
      if (problem != null) {
        ArrayNode conditions = status.has("conditions") ? (ArrayNode) status.get("conditions") : status.putArray("conditions");
        String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        conditions.addObject().put("type", "Failed").put("status", "True").put("reason", "SignerValidationFailure")
            .put("message", problem).put("lastUpdateTime", now).put("lastTransitionTime", now);
        return csr;
      }
      Duration validity = spec.path("expirationSeconds").isNumber()
          ? Duration.ofSeconds(Math.max(600, spec.path("expirationSeconds").asLong())) : DEFAULT_VALIDITY;
      boolean serving = signer.equals(KUBELET_SERVING);
      X509Certificate cert = issuer.issue(request,
          new CertificateIssuer.Profile(!serving, serving, serving), validity, clock.instant());
      status.put("certificate", Base64.getEncoder().encodeToString(
          CertificateIssuer.pem(cert).getBytes(StandardCharsets.US_ASCII)));
      return csr;
    }, true, false);
    log.info("CSR {} processed by the cluster signer", name);
  }

  /** Null when the request meets the signer's rules, else the reason it does not. */
  static String check(String signer, PKCS10CertificationRequest request, List<String> usages) {
    Subject subject = Subject.of(request);
    if (subject.cn().isEmpty()) return "the request has no common name";
    boolean serving = signer.equals(KUBELET_SERVING);
    Set<String> allowed = serving ? SERVING_USAGES : CLIENT_USAGES;
    for (String u : usages) if (!allowed.contains(u)) return "usage \"" + u + "\" is not allowed by signer " + signer;
    String needed = serving ? "server auth" : "client auth";
    if (!usages.contains(needed)) return "signer " + signer + " requires the \"" + needed + "\" usage";
    if (signer.equals(CLIENT_KUBELET) || serving) {
      if (!subject.cn().startsWith("system:node:") || !subject.organizations().equals(List.of("system:nodes"))) {
        return "signer " + signer + " requires CN=system:node:<name> and O=system:nodes";
      }
    }
    if (serving && !CertificateIssuer.onlyDnsAndIp(CertificateIssuer.subjectAltNames(request))) {
      return "signer " + signer + " allows only DNS and IP subject alternative names";
    }
    if (!serving && CertificateIssuer.subjectAltNames(request) != null && signer.equals(CLIENT_KUBELET)) {
      return "signer " + signer + " allows no subject alternative names";
    }
    return null;
  }

  /** CN and O of a request's subject, in certificate order. */
  record Subject(String cn, List<String> organizations) {
    static Subject of(PKCS10CertificationRequest request) {
      String cn = "";
      List<String> orgs = new ArrayList<>();
      try {
        for (Rdn rdn : new LdapName(new javax.security.auth.x500.X500Principal(request.getSubject().getEncoded()).getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) cn = rdn.getValue().toString();
          if (rdn.getType().equalsIgnoreCase("O")) orgs.add(rdn.getValue().toString());
        }
      } catch (InvalidNameException | IOException e) {
        throw new ApiException(400, "BadRequest", "unreadable CSR subject: " + e.getMessage());
      }
      return new Subject(cn, orgs);
    }
  }

  @Override
  public void destroy() {
    informer.close();
    worker.shutdownNow();
  }
}
