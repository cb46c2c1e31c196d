package io.capstan.relay.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.model.bus.BusEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChangeMapperTest {
  private static final byte[] V = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
  private static final byte[] PREV = "{\"a\":0}".getBytes(StandardCharsets.UTF_8);

  @Test
  void createIsAddedUpdateIsModified() {
    BusRecord added = ChangeMapper.map("/registry/pods/ns/p", false, V, 7, 7, null).orElseThrow();
    assertThat(added.topic()).isEqualTo("capstan.registry.pods");
    assertThat(added.key()).isEqualTo("ns/p");
    assertThat(added.revision()).isEqualTo(7);
    assertThat(BusEvent.decode(added.value()))
        .satisfies(e -> {
          assertThat(e.type()).isEqualTo(BusEvent.Type.ADDED);
          assertThat(e.revision()).isEqualTo(7);
          assertThat(e.key()).isEqualTo("/registry/pods/ns/p");
          assertThat(e.object()).isEqualTo(V);
        });
    BusRecord modified = ChangeMapper.map("/registry/apps/deployments/ns/d", false, V, 7, 9, null).orElseThrow();
    assertThat(modified.topic()).isEqualTo("capstan.registry.apps.deployments");
    assertThat(BusEvent.decode(modified.value()).type()).isEqualTo(BusEvent.Type.MODIFIED);
  }

  @Test
  void deleteCarriesThePreviousValueAndClusterScopedKeysHaveNoNamespace() {
    BusRecord deleted = ChangeMapper.map("/registry/namespaces/team-a", true, new byte[0], 0, 12, PREV).orElseThrow();
    assertThat(deleted.key()).isEqualTo("team-a");
    BusEvent e = BusEvent.decode(deleted.value());
    assertThat(e.type()).isEqualTo(BusEvent.Type.DELETED);
    assertThat(e.revision()).isEqualTo(12);
    assertThat(e.object()).isEqualTo(PREV);
  }

  @Test
  void bookkeepingAndMalformedKeysAreSkipped() {
    assertThat(ChangeMapper.map("/registry/capstan/ranges/serviceips", false, V, 3, 3, null)).isEmpty();
    assertThat(ChangeMapper.map("/registry/pods/a/b/c", false, V, 3, 3, null)).isEmpty();
    assertThat(ChangeMapper.map("/capstan/relay/revision", false, V, 3, 3, null)).isEmpty();
  }
}
