package io.capstan.scheduler.plugins;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirementBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compiled form must agree with {@link Selectors#matches} on every operator. */
class CompiledSelectorTest {
  private static final List<Map<String, String>> LABELS = List.of(Map.of(), Map.of("app", "web"), Map.of("app", "db"),
      Map.of("app", "web", "tier", "front"), Map.of("tier", "back"), Map.of("n", "5"), Map.of("n", "12"), Map.of("n", "x"));

  private static LabelSelector expr(String key, String op, String... values) {
    return new LabelSelectorBuilder().addToMatchExpressions(new LabelSelectorRequirementBuilder().withKey(key).withOperator(op)
        .withValues(values).build()).build();
  }

  @Test
  void agreesWithTheInterpretedSelectorOnEveryOperator() {
    List<LabelSelector> selectors = List.of(new LabelSelector(), new LabelSelectorBuilder().addToMatchLabels("app", "web").build(),
        new LabelSelectorBuilder().addToMatchLabels("app", "web").addToMatchLabels("tier", "front").build(),
        expr("app", "In", "web", "db"), expr("app", "NotIn", "web"), expr("tier", "Exists"), expr("tier", "DoesNotExist"),
        expr("n", "Gt", "7"), expr("n", "Lt", "7"), expr("app", "Bogus", "web"),
        new LabelSelectorBuilder().addToMatchLabels("app", "web").addToMatchExpressions(new LabelSelectorRequirementBuilder()
            .withKey("tier").withOperator("NotIn").withValues("back").build()).build());
    int agreedMatches = 0;
    for (LabelSelector s : selectors) {
      CompiledSelector compiled = CompiledSelector.of(s);
      for (Map<String, String> l : LABELS) {
        boolean expected = Selectors.matches(s, l);
        assertThat(compiled.matches(l)).as("%s on %s", s, l).isEqualTo(expected);
        if (expected) agreedMatches++;
      }
    }
    // Guards against both sides trivially answering false.
    assertThat(agreedMatches).isGreaterThan(20);
  }

  @Test
  void nullMatchesNothingAndEmptyMatchesEverything() {
    assertThat(CompiledSelector.of(null).matches(Map.of())).isFalse();
    assertThat(CompiledSelector.of(null).matches(Map.of("app", "web"))).isFalse();
    assertThat(CompiledSelector.of(new LabelSelector()).matches(null)).isTrue();
    assertThat(CompiledSelector.of(new LabelSelectorBuilder().addToMatchLabels("app", "web").build()).matches(null)).isFalse();
  }
}
