package io.capstan.apiserver.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class DefaultTolerationSecondsTest {
  private static final ResourceType PODS = new ResourceCatalog().find("", "v1", "pods").orElseThrow().type();
  private static final ResourceType CONFIG_MAPS = new ResourceCatalog().find("", "v1", "configmaps").orElseThrow().type();
  private final DefaultTolerationSeconds admission = new DefaultTolerationSeconds(300, 120);

  private static ObjectNode pod(String tolerations) {
    return (ObjectNode) Json.MAPPER.readTree(("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'c','image':'i'}]"
        + (tolerations == null ? "" : ",'tolerations':" + tolerations) + "}}").replace('\'', '"'));
  }

  @Test
  void aPodWithoutTolerationsGetsBothWithTheConfiguredSeconds() {
    ObjectNode p = pod(null);
    admission.beforeCreate(PODS, p, false);
    assertThat(p.at("/spec/tolerations").toString()).isEqualTo(
        "[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300},"
        + "{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":120}]");
  }

  @Test
  void itsOwnTolerationsAreKeptAndNotDuplicated() {
    ObjectNode p = pod("[{'key':'node.kubernetes.io/unreachable','operator':'Exists','effect':'NoExecute','tolerationSeconds':2},"
        + "{'key':'dedicated','operator':'Equal','value':'db','effect':'NoSchedule'}]");
    admission.beforeCreate(PODS, p, false);
    assertThat(p.at("/spec/tolerations")).hasSize(3);
    assertThat(p.at("/spec/tolerations/0/tolerationSeconds").asLong()).isEqualTo(2);
    assertThat(p.at("/spec/tolerations/2/key").asString()).isEqualTo("node.kubernetes.io/not-ready");
  }

  @Test
  void aTolerationOfEverythingNeedsNoDefaultsAndOtherKindsAreUntouched() {
    ObjectNode p = pod("[{'operator':'Exists'}]");
    admission.beforeCreate(PODS, p, false);
    assertThat(p.at("/spec/tolerations")).hasSize(1);
    ObjectNode cm = (ObjectNode) Json.MAPPER.readTree("{\"metadata\":{\"name\":\"c\"}}");
    admission.beforeCreate(CONFIG_MAPS, cm, false);
    assertThat(cm.has("spec")).isFalse();
  }
}
