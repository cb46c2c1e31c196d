package io.capstan.gateway;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Users by LDAP simple bind: the user's DN is {@code userDnPattern} with {@code {0}} replaced by the
 * (escaped) user name; a successful bind with the password proves the user, and the {@code cn} of
 * every {@code groupOfNames} under {@code groupBaseDn} listing that DN as a member are the groups.
 * Each call opens its own connection: binds change a connection's identity.
 */
public final class LdapAuthenticator {
  private final String host;
  private final int port;
  private final String userDnPattern;
  private final String groupBaseDn;

  public LdapAuthenticator(String host, int port, String userDnPattern, String groupBaseDn) {
    this.host = host;
    this.port = port;
    this.userDnPattern = userDnPattern;
    this.groupBaseDn = groupBaseDn;
  }

  /** The name as an escaped RDN value, so "a,ou=x" cannot name another entry. */
  private static String escaped(String value) {
    String rdn = new com.unboundid.ldap.sdk.RDN("v", value).toString();
    return rdn.substring(rdn.indexOf('=') + 1);
  }

  /** Empty for a wrong user or password; throws {@link LDAPException} when the directory cannot be asked. */
  public Optional<Caller> authenticate(String user, String password) throws LDAPException {
    if (user.isEmpty() || password.isEmpty()) return Optional.empty(); // an empty password would be an anonymous bind
    String dn = userDnPattern.replace("{0}", escaped(user));
    try (LDAPConnection c = new LDAPConnection(host, port)) {
      try {
        c.bind(dn, password);
      } catch (LDAPException e) {
        if (e.getResultCode() == ResultCode.INVALID_CREDENTIALS || e.getResultCode() == ResultCode.NO_SUCH_OBJECT) {
          return Optional.empty();
        }
        throw e;
      }
      List<String> groups = new ArrayList<>();
      if (!groupBaseDn.isEmpty()) {
        Filter filter = Filter.createANDFilter(Filter.createEqualityFilter("objectClass", "groupOfNames"),
            Filter.createEqualityFilter("member", dn));
        for (SearchResultEntry e : c.search(groupBaseDn, SearchScope.SUB, filter, "cn").getSearchEntries()) {
          String cn = e.getAttributeValue("cn");
          if (cn != null) groups.add(cn);
        }
      }
      return Optional.of(new Caller(user, groups));
    }
  }
}
