package io.capstan.auth.approver;

import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Whether a CertificateSigningRequest is a node's request for its client certificate, the kind
 * kube-controller-manager's CSR approver approves by itself (after a SubjectAccessReview): signer
 * {@code kubernetes.io/kube-apiserver-client-kubelet}, subject exactly {@code CN=system:node:<name>,
 * O=system:nodes}, usages within digital signature, key encipherment and client auth (client auth
 * required), requested by a bootstrap token ({@code system:bootstrappers}, the "nodeclient" case) or
 * by that same node renewing ("selfnodeclient").
 */
public record NodeClientRequest(String nodeName, String subresource) {
  public static final String SIGNER = "kubernetes.io/kube-apiserver-client-kubelet";
  private static final Set<String> USAGES = Set.of("digital signature", "key encipherment", "client auth");

  /** The request's node and the subresource to check ({@code nodeclient} or {@code selfnodeclient}), or empty. */
  public static Optional<NodeClientRequest> of(CertificateSigningRequest csr) {
    var spec = csr.getSpec();
    if (spec == null || !SIGNER.equals(spec.getSignerName())) return Optional.empty();
    List<String> usages = spec.getUsages() == null ? List.of() : spec.getUsages();
    if (!usages.contains("client auth") || !USAGES.containsAll(usages)) return Optional.empty();
    Optional<String> node = nodeSubject(spec.getRequest());
    if (node.isEmpty()) return Optional.empty();
    List<String> groups = spec.getGroups() == null ? List.of() : spec.getGroups();
    if (("system:node:" + node.get()).equals(spec.getUsername())) return Optional.of(new NodeClientRequest(node.get(), "selfnodeclient"));
    if (groups.contains("system:bootstrappers")) return Optional.of(new NodeClientRequest(node.get(), "nodeclient"));
    return Optional.empty();
  }

  private static Optional<String> nodeSubject(String requestBase64) {
    if (requestBase64 == null) return Optional.empty();
    String pem = new String(Base64.getDecoder().decode(requestBase64), StandardCharsets.US_ASCII);
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      if (!(parser.readObject() instanceof PKCS10CertificationRequest req)) return Optional.empty();
      List<String> cn = new ArrayList<>();
      List<String> o = new ArrayList<>();
      for (RDN rdn : req.getSubject().getRDNs()) {
        String value = IETFUtils.valueToString(rdn.getFirst().getValue());
        if (rdn.getFirst().getType().equals(BCStyle.CN)) cn.add(value);
        else if (rdn.getFirst().getType().equals(BCStyle.O)) o.add(value);
        else return Optional.empty();
      }
      if (cn.size() != 1 || !o.equals(List.of("system:nodes")) || !cn.get(0).startsWith("system:node:")) return Optional.empty();
      String node = cn.get(0).substring("system:node:".length());
      return node.isEmpty() ? Optional.empty() : Optional.of(node);
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
