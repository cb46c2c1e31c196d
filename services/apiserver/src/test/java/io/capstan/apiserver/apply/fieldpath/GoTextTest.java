package io.capstan.apiserver.apply.fieldpath;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.model.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.DoubleNode;

/** Go's text forms, on which FieldsV1 keys, conflict paths and the last-applied annotation depend. */
class GoTextTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "1.5|1.5|1.5", "100|100|100", "1e21|1e+21|1e+21", "1.0E-7|1e-7|1e-07", "0.000123|0.000123|0.000123",
      "123456789012|123456789012|1.23456789012e+11", "123456|123456|123456", "1234567|1234567|1.234567e+06"})
  void floats(double d, String json, String percentV) {
    assertThat(GoText.jsonFloat(d)).isEqualTo(json);
    assertThat(JsonValues.toGoString(DoubleNode.valueOf(d))).isEqualTo(percentV);
  }

  @Test
  void quoteIsGosPercentQ() {
    assertThat(GoText.quote("web")).isEqualTo("\"web\"");
    assertThat(GoText.quote("a\"b\\c\n\u0007é")).isEqualTo("\"a\\\"b\\\\c\\n\\aé\"");
    assertThat(GoText.quote("\u0001\u200b")).isEqualTo("\"\\x01\\u200b\"");
  }

  @Test
  void jsonSortsKeysAndEscapesHtmlAsEncodingJsonDoes() {
    assertThat(GoText.json(Json.MAPPER.readTree("{\"b\":[1,2.5,true,null],\"a\":\"<x&y>\"}"), true))
        .isEqualTo("{\"a\":\"\\u003cx\\u0026y\\u003e\",\"b\":[1,2.5,true,null]}");
  }
}
