package io.capstan.apiserver.certificates;

import io.capstan.security.pki.CsrRules;
import io.capstan.apiserver.registry.GenericRegistry;
import io.capstan.apiserver.resource.ResourceCatalog.Served;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Approves node serving-certificate requests ({@code kubernetes.io/kubelet-serving}) that name
 * only the node's own addresses. Kubernetes ships no approver for these and leaves them to an
 * administrator; Capstan's node API must serve from the moment a node starts (exec, logs,
 * port-forward and metrics depend on it, and the apiserver verifies the node's certificate against
 * the cluster CA), so a request is approved here when:
 * <ul>
 *   <li>it meets the signer's rules ({@code CN=system:node:<name>, O=system:nodes}, server auth);</li>
 *   <li>it comes from that node itself ({@code system:node:<name>}) or from a cluster admin
 *       ({@code system:masters}, who could approve it anyway);</li>
 *   <li>the Node exists and every IP SAN is one of its InternalIP/ExternalIP addresses and every
 *       DNS SAN one of its Hostname/InternalDNS/ExternalDNS addresses, so a node cannot obtain a
 *       certificate for another machine's address or name.</li>
 * </ul>
 * The decision reads only what the apiserver stores (the Node); the auth service signs what it
 * approves.
 * Anything else stays pending for {@code kubectl certificate approve}.
 */
final class KubeletServingApprover {
  private static final Logger log = LoggerFactory.getLogger(KubeletServingApprover.class);
  private static final Set<String> IP_TYPES = Set.of("InternalIP", "ExternalIP");
  private static final Set<String> DNS_TYPES = Set.of("Hostname", "InternalDNS", "ExternalDNS");

  private final GenericRegistry registry;
  private final Served csrs;
  private final Served nodes;
  private final Clock clock;

  KubeletServingApprover(GenericRegistry registry, Served csrs, Served nodes, Clock clock) {
    this.registry = registry;
    this.csrs = csrs;
    this.nodes = nodes;
    this.clock = clock;
  }

  /** A kubelet-serving request nobody has approved, denied or failed yet. */
  static boolean undecided(JsonNode csr) {
    if (!CsrRules.KUBELET_SERVING.equals(csr.path("spec").path("signerName").asString(""))) return false;
    for (JsonNode c : csr.path("status").path("conditions")) {
      if (Set.of("Approved", "Denied", "Failed").contains(c.path("type").asString(""))) return false;
    }
    return true;
  }

  /** Approves the request if it qualifies; otherwise logs why and leaves it pending. */
  void consider(String name) {
    ObjectNode csr = registry.get(csrs, null, name);
    if (!undecided(csr)) return;
    String problem = problem(csr, this::node);
    if (problem != null) {
      log.info("CSR {} left for an administrator: {}", name, problem);
      return;
    }
    registry.patch(csrs, null, name, current -> {
      if (!undecided(current)) return current;
      ObjectNode status = Json.objectAt(current, "status");
      ArrayNode conditions = status.has("conditions") ? (ArrayNode) status.get("conditions")
          : status.putArray("conditions");
      String now = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
      conditions.addObject().put("type", "Approved").put("status", "True").put("reason", "AutoApproved")
          .put("message", "Auto approving kubelet serving certificate: it names only the node's addresses.")
          .put("lastUpdateTime", now).put("lastTransitionTime", now);
      return current;
    }, true, false);
    log.info("approved serving CSR {}", name);
  }

  /** The stored Node, or null when there is none. */
  private JsonNode node(String nodeName) {
    try {
      return registry.get(nodes, null, nodeName);
    } catch (ApiException e) {
      if (e.code() == 404) return null;
      throw e;
    }
  }

  /** Null when {@code csr} qualifies for approval, else why it does not; {@code nodes} finds a Node (null: none). */
  static String problem(JsonNode csr, Function<String, JsonNode> nodes) {
    JsonNode spec = csr.path("spec");
    PKCS10CertificationRequest request;
    try {
      request = CertificateRequests.parse(spec.path("request").asString(""));
    } catch (ApiException e) {
      return "unreadable request: " + e.getMessage();
    }
    List<String> usages = new ArrayList<>();
    spec.path("usages").forEach(u -> usages.add(u.asString()));
    String invalid = CsrRules.check(CsrRules.KUBELET_SERVING, request, usages);
    if (invalid != null) return invalid;
    String user = CsrRules.Subject.of(request).cn();
    String nodeName = user.substring("system:node:".length());
    boolean admin = false;
    for (JsonNode g : spec.path("groups")) admin |= "system:masters".equals(g.asString(""));
    if (!user.equals(spec.path("username").asString("")) && !admin) {
      return "requested by " + spec.path("username").asString("") + ", not by " + user;
    }
    JsonNode node = nodes.apply(nodeName);
    if (node == null) return "node " + nodeName + " does not exist";
    return sanProblem(CsrRules.subjectAltNames(request), node);
  }

  /** Null when every SAN is one of the node's addresses (and there is at least one), else the first that is not. */
  static String sanProblem(GeneralNames sans, JsonNode node) {
    if (sans == null || sans.getNames().length == 0) return "the request names no address";
    Set<String> ips = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (JsonNode a : node.path("status").path("addresses")) {
      String type = a.path("type").asString("");
      String address = a.path("address").asString("");
      if (IP_TYPES.contains(type)) {
        String ip = ip(address);
        if (ip != null) ips.add(ip);
      }
      if (DNS_TYPES.contains(type)) names.add(address.toLowerCase());
    }
    for (GeneralName san : sans.getNames()) {
      if (san.getTagNo() == GeneralName.iPAddress) {
        String ip = ip(ASN1OctetString.getInstance(san.getName()).getOctets());
        if (ip == null || !ips.contains(ip)) return "IP " + ip + " is not an address of the node";
      } else if (san.getTagNo() == GeneralName.dNSName) {
        String dns = ((ASN1String) san.getName()).getString().toLowerCase();
        if (!names.contains(dns)) return "DNS name " + dns + " is not an address of the node";
      } else {
        return "only DNS and IP subject alternative names are allowed";
      }
    }
    return null;
  }

  /** The canonical text of an IP literal, or null when {@code text} is not one (never a DNS lookup). */
  private static String ip(String text) {
    if (!text.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) return null;
    try {
      return InetAddress.getByName(text).getHostAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static String ip(byte[] octets) {
    try {
      return InetAddress.getByAddress(octets).getHostAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
