package io.capstan.apiserver.security;

import java.security.GeneralSecurityException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Client-certificate authentication: the subject's CN is the user name and each O is a group, as
 * in Kubernetes. The TLS layer already checked the chain, but with {@code client-auth: want} a
 * handshake may still carry a certificate the trust manager did not insist on, so the signature
 * against the cluster CA and the validity period are checked again here: a presented but invalid
 * certificate is a 401, never an anonymous request.
 */
public final class X509Authenticator {
  private final X509Certificate ca;
  private final Clock clock;

  public X509Authenticator(X509Certificate ca, Clock clock) {
    this.ca = ca;
    this.clock = clock;
  }

  /** Empty when no certificate was presented. */
  public Optional<UserInfo> authenticate(X509Certificate[] chain) {
    if (chain == null || chain.length == 0) return Optional.empty();
    X509Certificate leaf = chain[0];
    try {
      leaf.checkValidity(Date.from(clock.instant()));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new AuthenticationException("x509: certificate has expired or is not yet valid");
    }
    try {
      leaf.verify(ca.getPublicKey());
    } catch (GeneralSecurityException e) {
      throw new AuthenticationException("x509: certificate signed by unknown authority");
    }
    return Optional.of(subject(leaf));
  }

  static UserInfo subject(X509Certificate leaf) {
    String cn = null;
    List<String> groups = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) cn = rdn.getValue().toString();
        if (rdn.getType().equalsIgnoreCase("O")) groups.add(rdn.getValue().toString());
      }
    } catch (InvalidNameException e) {
      throw new AuthenticationException("x509: unreadable subject: " + e.getMessage());
    }
    if (cn == null || cn.isEmpty()) throw new AuthenticationException("x509: certificate has no common name");
    // getRdns() is in certificate (DER) order, which is the order Kubernetes reports groups in.
    return new UserInfo(cn, "", groups);
  }
}
