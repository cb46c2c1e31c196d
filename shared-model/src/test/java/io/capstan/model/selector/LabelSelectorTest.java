package io.capstan.model.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class LabelSelectorTest {

  private static final String VALUE_MSG = "a valid label must be an empty string or consist of alphanumeric "
      + "characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
      + "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
  private static final String KEY_NAME_MSG = "name part must consist of alphanumeric characters, '-', '_' or '.', "
      + "and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
      + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

  /** Upstream's good strings: they parse and print back without spaces. */
  @ParameterizedTest
  @ValueSource(strings = {"x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5"})
  void goodStringsRoundTrip(String s) {
    assertThat(LabelSelector.parse(s).toString()).isEqualTo(s.replace(" ", ""));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "x==a==b | found '==', expected: ',' or 'end of string'",
      "!x=a | found '=', expected: ',' or 'end of string'",
      "x<a | unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer",
      "',x' | found ',', expected: !, identifier, or 'end of string'",
      "'x,' | found '', expected: identifier after ','",
      "x in a | unable to parse requirement: found 'a' expected: '('",
      "x foo | unable to parse requirement: found 'foo', expected: in, notin, =, ==, !=, gt, lt",
      "'x in (a,b' | unable to parse requirement: found '', expected: ',' or ')'",
      "x in (=) | unable to parse requirement: found '=', expected: ',', ')' or identifier",
      "x=(a) | unable to parse requirement: found '(', expected: identifier",
      "x=a b | found 'b', expected: ',' or 'end of string'",
      "! | unable to parse requirement: found '', expected: identifier",
  })
  void badStringsGiveUpstreamMessages(String selector, String message) {
    assertThatThrownBy(() -> LabelSelector.parse(selector))
        .isInstanceOf(ApiException.class)
        .hasMessage(message)
        .satisfies(e -> {
          assertThat(((ApiException) e).code()).isEqualTo(400);
          assertThat(((ApiException) e).reason()).isEqualTo("BadRequest");
        });
  }

  @Test
  void invalidValueIsReportedWithKeyInPath() {
    assertThatThrownBy(() -> LabelSelector.parse("x=a||y=b"))
        .hasMessage("unable to parse requirement: values[0][x]: Invalid value: \"a||y\": " + VALUE_MSG);
  }

  @Test
  void invalidKeyIsReportedWithUpstreamsNilPath() {
    assertThatThrownBy(() -> LabelSelector.parse("a_=b"))
        .hasMessage("unable to parse requirement: <nil>: Invalid value: \"a_\": " + KEY_NAME_MSG);
  }

  @Test
  void tooLongValueListsBothProblems() {
    String v = "a".repeat(63) + "_";
    assertThatThrownBy(() -> LabelSelector.parse("k=" + v))
        .hasMessage("unable to parse requirement: values[0][k]: Invalid value: \"" + v + "\": "
            + "must be no more than 63 bytes; " + VALUE_MSG);
  }

  @Test
  void prefixedKeysAreValidated() {
    assertThat(LabelSelector.parse("app.kubernetes.io/name=web").toString()).isEqualTo("app.kubernetes.io/name=web");
    assertThatThrownBy(() -> LabelSelector.parse("Bad_Prefix/name=web"))
        .hasMessageStartingWith("unable to parse requirement: <nil>: Invalid value: \"Bad_Prefix/name\": "
            + "prefix part a lowercase RFC 1123 subdomain must consist of");
    assertThatThrownBy(() -> LabelSelector.parse("/name"))
        .hasMessage("unable to parse requirement: <nil>: Invalid value: \"/name\": prefix part must be non-empty");
  }

  @Test
  void canonicalFormSortsKeysAndValues() {
    assertThat(LabelSelector.parse("x=a,a=x").toString()).isEqualTo(LabelSelector.parse("a=x,x=a").toString());
    assertThat(LabelSelector.parse(" z notin (c, b,b) ,  a in (y,x),!m,k").toString())
        .isEqualTo("a in (x,y),k,!m,z notin (b,c)");
    assertThat(LabelSelector.parse("a==b").toString()).isEqualTo("a==b");
  }

  @Test
  void whitespaceIsTolerated() {
    assertThat(LabelSelector.parse("\tenv in ( prod ,qa )\n, tier != web ").toString())
        .isEqualTo("env in (prod,qa),tier!=web");
  }

  @Test
  void emptySetValues() {
    assertThat(LabelSelector.parse("x in ()").requirements().get(0).values()).containsExactly("");
    assertThat(LabelSelector.parse("x in (,a)").requirements().get(0).values()).containsExactly("", "a");
    assertThat(LabelSelector.parse("x in (a,)").requirements().get(0).values()).containsExactly("", "a");
    assertThat(LabelSelector.parse("x in (a,,b)").requirements().get(0).values()).containsExactly("", "a", "b");
  }

  @Test
  void keywordsAreValuesInValueContext() {
    assertThat(LabelSelector.parse("notin=in").matches(Map.of("notin", "in"))).isTrue();
    assertThat(LabelSelector.parse("x in (in,notin)").matches(Map.of("x", "notin"))).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'' | x=y | true",
      "x=y | x=y | true",
      "x==y | x=y | true",
      "x=y,z=w | x=y,z=w | true",
      "x!=y,z!=w | x=z,z=a | true",
      "x | x=z | true",
      "!x | y=z | true",
      "x>1 | x=2 | true",
      "x<1 | x=0 | true",
      "x=z | '' | false",
      "x=y | x=z | false",
      "x=y,z=w | x=w,z=w | false",
      "x!=y,z!=w | x=z,z=w | false",
      "x | y=z | false",
      "!x | x=z | false",
      "x>1 | x=0 | false",
      "x<1 | x=2 | false",
      "x>1 | x=abc | false",
      "x>1 | '' | false",
      "x in (a,b) | x=b | true",
      "x in (a,b) | x=c | false",
      "x in (a,b) | '' | false",
      "x notin (a,b) | x=c | true",
      "x notin (a,b) | '' | true",
      "x notin (a,b) | x=a | false",
      "x!=y | '' | true",
      "x= | x= | true",
      "x= | '' | false",
  })
  void matches(String selector, String labels, boolean expected) {
    assertThat(LabelSelector.parse(selector).matches(labels(labels))).isEqualTo(expected);
  }

  private static Map<String, String> labels(String s) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    if (s.isEmpty()) return m;
    for (String kv : s.split(",")) {
      String[] p = kv.split("=", 2);
      m.put(p[0], p.length > 1 ? p[1] : "");
    }
    return m;
  }

  @Test
  void everythingAndNothing() {
    assertThat(LabelSelector.everything().matches(Map.of("x", "y"))).isTrue();
    assertThat(LabelSelector.everything().isEmpty()).isTrue();
    assertThat(LabelSelector.parse("").isEmpty()).isTrue();
    assertThat(LabelSelector.parse(null).isEmpty()).isTrue();
    assertThat(LabelSelector.nothing().matches(Map.of())).isFalse();
    assertThat(LabelSelector.nothing().isEmpty()).isFalse();
    assertThat(LabelSelector.nothing().matchesNothing()).isTrue();
    assertThat(LabelSelector.parse("a").isEmpty()).isFalse();
    assertThat(LabelSelector.everything().matches((Map<String, String>) null)).isTrue();
  }

  @Test
  void requiresExactMatch() {
    LabelSelector s = LabelSelector.parse("a=1,b in (2),c in (3,4),d!=5");
    assertThat(s.requiresExactMatch("a")).contains("1");
    assertThat(s.requiresExactMatch("b")).contains("2");
    assertThat(s.requiresExactMatch("c")).isEmpty();
    assertThat(s.requiresExactMatch("d")).isEmpty();
    assertThat(s.requiresExactMatch("zz")).isEmpty();
  }

  @Test
  void fromMapMatchesEquality() {
    LabelSelector s = LabelSelector.fromMap(Map.of("b", "2", "a", "1"));
    assertThat(s.toString()).isEqualTo("a=1,b=2");
    assertThat(s.matches(Map.of("a", "1", "b", "2", "c", "3"))).isTrue();
    assertThat(s.matches(Map.of("a", "1"))).isFalse();
    assertThat(LabelSelector.fromMap(Map.of()).isEmpty()).isTrue();
  }

  @Test
  void fromJsonMatchLabelsAndExpressions() {
    JsonNode sel = json("""
        {"matchLabels":{"app":"web"},
         "matchExpressions":[{"key":"tier","operator":"In","values":["fe","be"]},
                             {"key":"env","operator":"NotIn","values":["dev"]},
                             {"key":"track","operator":"Exists"},
                             {"key":"legacy","operator":"DoesNotExist"}]}""");
    LabelSelector s = LabelSelector.fromJson(sel);
    assertThat(s.toString()).isEqualTo("app=web,env notin (dev),!legacy,tier in (be,fe),track");
    assertThat(s.matches(Map.of("app", "web", "tier", "fe", "track", "x"))).isTrue();
    assertThat(s.matches(Map.of("app", "web", "tier", "fe", "track", "x", "env", "dev"))).isFalse();
    assertThat(s.matches(Map.of("app", "web", "tier", "fe", "track", "x", "legacy", ""))).isFalse();
    assertThat(s.matches(Map.of("app", "web", "tier", "fe"))).isFalse();
    assertThat(s.matches(Json.MAPPER.readTree("{\"app\":\"web\",\"tier\":\"be\",\"track\":\"1\"}"))).isTrue();
  }

  @Test
  void fromJsonNullSelectsNothingEmptySelectsEverything() {
    assertThat(LabelSelector.fromJson(null).matchesNothing()).isTrue();
    assertThat(LabelSelector.fromJson(json("null")).matchesNothing()).isTrue();
    assertThat(LabelSelector.fromJson(json("{}")).isEmpty()).isTrue();
    assertThat(LabelSelector.fromJson(json("{\"matchLabels\":{}}")).isEmpty()).isTrue();
  }

  @Test
  void fromJsonRejectsBadOperatorAndValues() {
    assertThatThrownBy(() -> LabelSelector.fromJson(json(
        "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Gt\",\"values\":[\"1\"]}]}")))
        .hasMessage("\"Gt\" is not a valid label selector operator");
    assertThatThrownBy(() -> LabelSelector.fromJson(json(
        "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"In\"}]}")))
        .hasMessage("values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty");
    assertThatThrownBy(() -> LabelSelector.fromJson(json(
        "{\"matchExpressions\":[{\"key\":\"a\",\"operator\":\"Exists\",\"values\":[\"x\"]}]}")))
        .hasMessage("values: Invalid value: [\"x\"]: values set must be empty for exists and does not exist");
    assertThatThrownBy(() -> LabelSelector.fromJson(json("{\"matchLabels\":{\"a_\":\"b_\"}}")))
        .hasMessage("[key: Invalid value: \"a_\": " + KEY_NAME_MSG
            + ", values[0][a_]: Invalid value: \"b_\": " + VALUE_MSG + "]");
  }

  @Test
  void requirementOfValidates() {
    assertThat(Requirement.of("a", Operator.GREATER_THAN, List.of("5")).matches(Map.of("a", "6"))).isTrue();
    assertThatThrownBy(() -> Requirement.of("a", Operator.EQUALS, List.of("1", "2")))
        .hasMessage("values: Invalid value: [\"1\",\"2\"]: exact-match compatibility requires one single value");
  }

  @Test
  void equality() {
    assertThat(LabelSelector.parse("b=1,a=2")).isEqualTo(LabelSelector.parse("a=2, b=1"));
    assertThat(LabelSelector.parse("")).isEqualTo(LabelSelector.everything());
    assertThat(LabelSelector.everything()).isNotEqualTo(LabelSelector.nothing());
  }

  private static JsonNode json(String s) {
    return Json.MAPPER.readTree(s);
  }
}
