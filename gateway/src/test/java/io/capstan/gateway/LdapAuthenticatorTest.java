package io.capstan.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LdapAuthenticatorTest {
  private static InMemoryDirectoryServer directory;
  private static LdapAuthenticator ldap;

  @BeforeAll
  static void start() throws Exception {
    directory = TestDirectory.start();
    ldap = new LdapAuthenticator("127.0.0.1", directory.getListenPort(), TestDirectory.USER_DN_PATTERN, TestDirectory.GROUPS);
  }

  @AfterAll
  static void stop() {
    directory.shutDown(true);
  }

  @Test
  void aBindProvesTheUserAndGroupsComeFromTheDirectory() throws Exception {
    assertThat(ldap.authenticate("alice", "secret")).contains(new Caller("alice", List.of("dev", "ops")));
    assertThat(ldap.authenticate("bob", "secret")).contains(new Caller("bob", List.of()));
  }

  @Test
  void wrongPasswordsUnknownUsersAndEmptyPasswordsAreRefused() throws Exception {
    assertThat(ldap.authenticate("alice", "wrong")).isEmpty();
    assertThat(ldap.authenticate("nobody", "secret")).isEmpty();
    assertThat(ldap.authenticate("alice", "")).as("an empty password is an anonymous bind, never a login").isEmpty();
    assertThat(ldap.authenticate("alice,ou=groups", "secret")).as("names are escaped into the DN").isEmpty();
  }
}
