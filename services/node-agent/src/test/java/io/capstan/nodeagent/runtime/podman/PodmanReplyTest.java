package io.capstan.nodeagent.runtime.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.nodeagent.runtime.RuntimeError;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PodmanReplyTest {
  static PodmanHttp.Reply reply(int code, String json) {
    return new PodmanHttp.Reply(code, json.getBytes(StandardCharsets.UTF_8), "GET /containers/x/json");
  }

  @Test
  void anObjectRemovedWhileBeingInspectedIsMissingNotAnError() {
    // What Podman 4.3 answered when a sandbox's infra container went between the listing and the inspect.
    var raced = reply(500, "{\"cause\":\"no such container\",\"message\":\"container b1dd does not exist in database: "
        + "no such container\",\"response\":500}");
    assertThat(raced.missing()).isTrue();
    assertThat(raced.okOrMissing(200)).isSameAs(raced);
    assertThat(reply(404, "{\"cause\":\"no such pod\",\"message\":\"no pod with name or ID x found\"}").missing()).isTrue();
    assertThat(reply(500, "{\"cause\":\"no such pod\",\"message\":\"no pod with ID x found in database: no such pod\"}")
        .missing()).isTrue();
  }

  @Test
  void otherServerErrorsStillFail() {
    var broken = reply(500, "{\"cause\":\"database is locked\",\"message\":\"cannot read the state\"}");
    assertThat(broken.missing()).isFalse();
    assertThatThrownBy(() -> broken.okOrMissing(200)).isInstanceOf(RuntimeError.class)
        .hasMessageContaining("answered 500: cannot read the state (database is locked)");
  }
}
