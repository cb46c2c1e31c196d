package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class NamespaceStrategyTest {

  private final NamespaceStrategy strategy = new NamespaceStrategy();

  /** What the registry runs on create: defaults, then create-only preparation. */
  private void create(ObjectNode ns) {
    strategy.applyDefaults(ns);
    strategy.prepareForCreate(ns);
  }

  @Test
  void createDefaults() {
    ObjectNode ns = json("{'metadata':{'name':'team-a','labels':{'env':'dev'}}}");
    create(ns);
    assertThat(ns).isEqualTo(json("""
        {'metadata':{'name':'team-a','labels':{'env':'dev','kubernetes.io/metadata.name':'team-a'}},
         'spec':{'finalizers':['kubernetes']},'status':{'phase':'Active'}}"""));
    assertThat(strategy.validate(ns)).isEmpty();
  }

  @Test
  void theFinalizerIsAddedOnlyOnCreate() {
    ObjectNode withOwn = json("{'metadata':{'name':'a'},'spec':{'finalizers':['example.com/x']}}");
    create(withOwn);
    assertThat(withOwn.at("/spec/finalizers")).isEqualTo(json("{'f':['example.com/x','kubernetes']}").get("f"));
    // An update carries the stored status; a finalized namespace must not get its finalizer back.
    ObjectNode finalized = json("{'metadata':{'name':'a'},'spec':{'finalizers':[]},'status':{'phase':'Terminating'}}");
    strategy.applyDefaults(finalized);
    assertThat(finalized.at("/spec/finalizers").isEmpty()).isTrue();
    assertThat(finalized.at("/status/phase").asString()).isEqualTo("Terminating");
  }

  @Test
  void finalizerNames() {
    assertThat(lines(strategy.validate(json("{'spec':{'finalizers':['foo','a/b/c']}}")))).satisfiesExactly(
        l -> assertThat(l).isEqualTo("spec.finalizers[0]: Invalid value: \"foo\": name is neither a standard finalizer "
            + "name nor is it fully qualified"),
        l -> assertThat(l).startsWith("spec.finalizers[1]: Invalid value: \"a/b/c\": a valid label key"));
  }
}
