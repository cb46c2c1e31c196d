package io.capstan.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class KubeVersionOrderTest {

  @Test
  void sortsAsKubernetesDocumentsIt() {
    List<String> expected = List.of("v10", "v2", "v1", "v11beta2", "v10beta3", "v3beta1", "v12alpha1", "v11alpha2",
        "foo1", "foo10");
    List<String> shuffled = new ArrayList<>(expected);
    Collections.shuffle(shuffled, new java.util.Random(7));
    shuffled.sort(KubeVersionOrder.INSTANCE);
    assertThat(shuffled).containsExactlyElementsOf(expected);
  }
}
