package io.capstan.nodeagent.api;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Who is calling the node API: from the TLS client certificate, already verified against the
 * client CA in the handshake, the user is the subject's CN and the groups its O values (as the
 * apiserver's x509 authenticator reads them).
 */
record Caller(String user, List<String> groups) {

  /** The caller of a session, or empty when it presented no certificate (anonymous). */
  static Optional<Caller> of(SSLSession session) {
    Certificate[] chain;
    try {
      chain = session.getPeerCertificates();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
    if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) return Optional.empty();
    String cn = null;
    List<String> groups = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) cn = rdn.getValue().toString();
        if (rdn.getType().equalsIgnoreCase("O")) groups.add(rdn.getValue().toString());
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    if (cn == null || cn.isEmpty()) return Optional.empty();
    return Optional.of(new Caller(cn, List.copyOf(groups)));
  }
}
