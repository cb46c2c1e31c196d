package io.capstan.security.pki;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * What the cluster's signers accept, as Kubernetes' built-in signers do — shared by the auth
 * service, which signs, and the apiserver, which approves node serving requests:
 * <ul>
 *   <li>{@code kubernetes.io/kube-apiserver-client}: usages within digital signature, key
 *       encipherment, client auth, and including client auth;</li>
 *   <li>{@code kubernetes.io/kube-apiserver-client-kubelet}: the same, for
 *       {@code CN=system:node:<name>, O=system:nodes}, without subject alternative names;</li>
 *   <li>{@code kubernetes.io/kubelet-serving}: {@code CN=system:node:<name>, O=system:nodes},
 *       usages including server auth, only DNS and IP SANs.</li>
 * </ul>
 */
public final class CsrRules {
  public static final String CLIENT = "kubernetes.io/kube-apiserver-client";
  public static final String CLIENT_KUBELET = "kubernetes.io/kube-apiserver-client-kubelet";
  public static final String KUBELET_SERVING = "kubernetes.io/kubelet-serving";
  public static final Set<String> SIGNERS = Set.of(CLIENT, CLIENT_KUBELET, KUBELET_SERVING);
  private static final Set<String> CLIENT_USAGES = Set.of("digital signature", "key encipherment", "client auth");
  private static final Set<String> SERVING_USAGES = Set.of("digital signature", "key encipherment", "server auth");

  private CsrRules() {}

  /** Null when the request meets the signer's rules, else the reason it does not. */
  public static String check(String signer, PKCS10CertificationRequest request, List<String> usages) {
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
    if (serving && !onlyDnsAndIp(subjectAltNames(request))) {
      return "signer " + signer + " allows only DNS and IP subject alternative names";
    }
    if (signer.equals(CLIENT_KUBELET) && subjectAltNames(request) != null) {
      return "signer " + signer + " allows no subject alternative names";
    }
    return null;
  }

  /**
   * {@code spec.request}: base64 of a PEM certificate request. The apiserver checked its
   * self-signature when the CSR was created, and the spec cannot change after.
   */
  public static PKCS10CertificationRequest parse(String base64Pem) {
    String pem = new String(Base64.getDecoder().decode(base64Pem), StandardCharsets.US_ASCII);
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      if (parser.readObject() instanceof PKCS10CertificationRequest request) return request;
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable certificate request: " + e.getMessage(), e);
    }
    throw new IllegalArgumentException("PEM block type must be CERTIFICATE REQUEST");
  }

  /** The SAN extension requested in the CSR's extensionRequest attribute, or null. */
  public static GeneralNames subjectAltNames(PKCS10CertificationRequest csr) {
    for (Attribute a : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
      for (ASN1Encodable v : a.getAttrValues()) {
        Extensions exts = Extensions.getInstance(v);
        GeneralNames names = GeneralNames.fromExtensions(exts, Extension.subjectAlternativeName);
        if (names != null) return names;
      }
    }
    return null;
  }

  /** True when every requested SAN is a DNS name or an IP address (what kubelet-serving allows). */
  public static boolean onlyDnsAndIp(GeneralNames names) {
    if (names == null) return true;
    for (GeneralName n : names.getNames()) {
      if (n.getTagNo() != GeneralName.dNSName && n.getTagNo() != GeneralName.iPAddress) return false;
    }
    return true;
  }

  /** CN and O of a request's subject, in certificate order. */
  public record Subject(String cn, List<String> organizations) {
    public static Subject of(PKCS10CertificationRequest request) {
      String cn = "";
      List<String> orgs = new ArrayList<>();
      try {
        for (Rdn rdn : new LdapName(new X500Principal(request.getSubject().getEncoded()).getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) cn = rdn.getValue().toString();
          if (rdn.getType().equalsIgnoreCase("O")) orgs.add(rdn.getValue().toString());
        }
      } catch (InvalidNameException | IOException e) {
        throw new IllegalArgumentException("unreadable CSR subject: " + e.getMessage(), e);
      }
      return new Subject(cn, orgs);
    }
  }
}
