package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PersistentVolumeStrategyTest {
  private final PersistentVolumeStrategy strategy = new PersistentVolumeStrategy();

  @Test
  void defaultsAndRules() {
    ObjectNode pv = json("{'metadata':{'name':'pv-1'},'spec':{'capacity':{'storage':'5Gi'},'accessModes':['ReadWriteOnce'],"
        + "'hostPath':{'path':'/data'}}}");
    strategy.applyDefaults(pv);
    assertThat(pv.at("/spec/persistentVolumeReclaimPolicy").asString()).isEqualTo("Retain");
    assertThat(pv.at("/spec/volumeMode").asString()).isEqualTo("Filesystem");
    assertThat(pv.at("/status/phase").asString()).isEqualTo("Pending");
    assertThat(strategy.validate(pv)).isEmpty();
    ObjectNode bad = json("{'spec':{'persistentVolumeReclaimPolicy':'Keep'}}");
    assertThat(lines(strategy.validate(bad))).containsExactly("spec.accessModes: Required value",
        "spec.capacity: Required value",
        "spec.persistentVolumeReclaimPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", \"Recycle\", \"Retain\"",
        "spec: Required value: must specify a volume type");
  }
}
