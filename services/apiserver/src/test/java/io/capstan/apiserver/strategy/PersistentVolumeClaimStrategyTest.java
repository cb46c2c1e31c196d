package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PersistentVolumeClaimStrategyTest {
  private final PersistentVolumeClaimStrategy strategy = new PersistentVolumeClaimStrategy();

  private ObjectNode claim(String spec) {
    ObjectNode o = json("{'metadata':{'name':'data','namespace':'default'},'spec':" + spec + "}");
    strategy.applyDefaults(o);
    return o;
  }

  @Test
  void defaultsAndValid() {
    ObjectNode c = claim("{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}}}");
    assertThat(c.at("/spec/volumeMode").asString()).isEqualTo("Filesystem");
    assertThat(c.at("/status/phase").asString()).isEqualTo("Pending");
    assertThat(strategy.validate(c)).isEmpty();
  }

  @Test
  void rules() {
    assertThat(lines(strategy.validate(claim("{}")))).containsExactly(
        "spec.accessModes: Required value: at least 1 access mode is required", "spec.resources[storage]: Required value");
    assertThat(lines(strategy.validate(claim("{'accessModes':['ReadWriteSometimes'],'resources':{'requests':{'storage':'0'}}}"))))
        .containsExactly("spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: "
                + "\"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
            "spec.resources[storage]: Invalid value: \"0\": must be greater than zero");
  }

  @Test
  void onlyRequestsAndBindingChange() {
    ObjectNode old = claim("{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}}}");
    ObjectNode grown = old.deepCopy();
    ((ObjectNode) grown.at("/spec/resources/requests")).put("storage", "2Gi");
    ((ObjectNode) grown.get("spec")).put("volumeName", "pv-1");
    assertThat(strategy.validateUpdate(grown, old)).isEmpty();
    ObjectNode other = old.deepCopy();
    ((ObjectNode) other.get("spec")).put("storageClassName", "fast");
    assertThat(lines(strategy.validateUpdate(other, old))).containsExactly("spec: Forbidden: spec is immutable after "
        + "creation except resources.requests and volumeAttributesClassName for bound claims");
  }
}
