package io.capstan.apiserver.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.model.ApiException;
import io.capstan.model.ApiException.Cause;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldErrorTest {

  @Test
  void invalidCauseJoinsLikeKubectlExpects() {
    Cause c = FieldError.invalid("spec.replicas", -1, "must be greater than or equal to 0");
    assertThat(c).isEqualTo(new Cause("FieldValueInvalid", "Invalid value: -1: must be greater than or equal to 0",
        "spec.replicas"));
    ApiException e = ApiException.invalid("apps", "Deployment", "web", List.of(c));
    assertThat(e.getMessage())
        .isEqualTo("Deployment \"web\" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0");
    assertThat(e.code()).isEqualTo(422);
  }

  @Test
  void severalCausesAreBracketed() {
    ApiException e = ApiException.invalid("", "Pod", "p", List.of(FieldError.required("spec.containers"),
        FieldError.invalid("metadata.name", "Bad_Name", "x")));
    assertThat(e.getMessage())
        .isEqualTo("Pod \"p\" is invalid: [spec.containers: Required value, metadata.name: Invalid value: \"Bad_Name\": x]");
  }

  @Test
  void bodiesOfEveryType() {
    assertThat(FieldError.required("a").message()).isEqualTo("Required value");
    assertThat(FieldError.required("a", "why").message()).isEqualTo("Required value: why");
    assertThat(FieldError.duplicate("a", "x").message()).isEqualTo("Duplicate value: \"x\"");
    assertThat(FieldError.notFound("a", "v").message()).isEqualTo("Not found: \"v\"");
    assertThat(FieldError.forbidden("a", "no").message()).isEqualTo("Forbidden: no");
    assertThat(FieldError.tooLong("a", 1024).message()).isEqualTo("Too long: may not be more than 1024 bytes");
    assertThat(FieldError.tooMany("a", 101, 100).message()).isEqualTo("Too many: 101: must have at most 100 items");
    assertThat(FieldError.notSupported("spec.type", "Foo", List.of("ClusterIP", "NodePort")).message())
        .isEqualTo("Unsupported value: \"Foo\": supported values: \"ClusterIP\", \"NodePort\"");
    assertThat(FieldError.notSupported("x", "y", List.of()).reason()).isEqualTo("FieldValueNotSupported");
  }

  @Test
  void valuesRenderAsGoPrintsThem() {
    assertThat(FieldError.render("a\"b")).isEqualTo("\"a\\\"b\"");
    assertThat(FieldError.render(3L)).isEqualTo("3");
    assertThat(FieldError.render(true)).isEqualTo("true");
    assertThat(FieldError.render(null)).isEqualTo("null");
    assertThat(FieldError.render(Map.of("b", "2", "a", "1"))).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
    assertThat(FieldError.render(List.of("x", "y"))).isEqualTo("[\"x\",\"y\"]");
    assertThat(FieldError.render(TestObjects.json("{'matchLabels':{'app':'<web>'}}")))
        .isEqualTo("{\"matchLabels\":{\"app\":\"\\u003cweb\\u003e\"}}");
    assertThat(FieldError.render(TestObjects.json("{'n':5}").get("n"))).isEqualTo("5");
    assertThat(FieldError.render(TestObjects.json("{'s':'25%'}").get("s"))).isEqualTo("\"25%\"");
  }
}
