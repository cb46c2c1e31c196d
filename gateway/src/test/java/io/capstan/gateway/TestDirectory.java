package io.capstan.gateway;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.sdk.LDAPException;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An in-memory LDAP directory on loopback: alice (groups dev, ops) and bob (no group), password "secret". */
public final class TestDirectory {
  public static final String PEOPLE = "ou=people,dc=example,dc=com";
  public static final String GROUPS = "ou=groups,dc=example,dc=com";
  public static final String USER_DN_PATTERN = "uid={0}," + PEOPLE;

  private TestDirectory() {}

  public static InMemoryDirectoryServer start() throws LDAPException, com.unboundid.ldif.LDIFException, UnknownHostException {
    InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig("dc=example,dc=com");
    config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(), 0, null));
    InMemoryDirectoryServer ds = new InMemoryDirectoryServer(config);
    ds.add("dn: dc=example,dc=com", "objectClass: top", "objectClass: domain", "dc: example");
    ds.add("dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people");
    ds.add("dn: " + GROUPS, "objectClass: organizationalUnit", "ou: groups");
    for (String u : new String[] {"alice", "bob"}) {
      ds.add("dn: uid=" + u + "," + PEOPLE, "objectClass: inetOrgPerson", "uid: " + u, "cn: " + u, "sn: " + u,
          "userPassword: secret");
    }
    ds.add("dn: cn=dev," + GROUPS, "objectClass: groupOfNames", "cn: dev", "member: uid=alice," + PEOPLE);
    ds.add("dn: cn=ops," + GROUPS, "objectClass: groupOfNames", "cn: ops", "member: uid=alice," + PEOPLE,
        "member: uid=carol," + PEOPLE);
    ds.startListening();
    return ds;
  }
}
