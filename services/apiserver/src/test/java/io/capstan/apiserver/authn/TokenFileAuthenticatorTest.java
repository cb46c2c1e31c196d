package io.capstan.apiserver.authn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.security.UserInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubernetes' static token CSV: token,user,uid,"group1,group2". */
class TokenFileAuthenticatorTest {

  @Test
  void readsUsersUidsAndQuotedGroups(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("tokens.csv"), """
        # comment
        s3cr3t,alice,1001,"dev,ops"
        other,bob,1002
        """);
    TokenFileAuthenticator auth = TokenFileAuthenticator.load(file);

    assertThat(auth.authenticate("s3cr3t")).contains(new UserInfo("alice", "1001", java.util.List.of("dev", "ops")));
    assertThat(auth.authenticate("other")).contains(new UserInfo("bob", "1002", java.util.List.of()));
    assertThat(auth.authenticate("nope")).isEmpty();
  }

  @Test
  void malformedLinesFailAtStart(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("tokens.csv"), "only-a-token\n");
    assertThatThrownBy(() -> TokenFileAuthenticator.load(file)).isInstanceOf(IOException.class)
        .hasMessageContaining("tokens.csv:1");
  }
}
