package io.capstan.apiserver.security;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Client-certificate authentication: the TLS layer already verified the chain against the
 * cluster CA; the subject's CN is the user name and each O is a group, as in Kubernetes.
 */
public final class X509Authenticator {
  private X509Authenticator() {}

  public static Optional<UserInfo> authenticate(X509Certificate[] chain) {
    if (chain == null || chain.length == 0) return Optional.empty();
    String cn = null;
    List<String> groups = new ArrayList<>();
    try {
      for (Rdn rdn : new LdapName(chain[0].getSubjectX500Principal().getName()).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) cn = rdn.getValue().toString();
        if (rdn.getType().equalsIgnoreCase("O")) groups.add(rdn.getValue().toString());
      }
    } catch (InvalidNameException e) {
      return Optional.empty();
    }
    if (cn == null || cn.isEmpty()) return Optional.empty();
    groups.add(UserInfo.AUTHENTICATED);
    return Optional.of(new UserInfo(cn, "", List.copyOf(groups)));
  }
}
