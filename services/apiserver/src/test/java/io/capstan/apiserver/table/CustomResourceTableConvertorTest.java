package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fixtures.CLOCK;
import static io.capstan.apiserver.table.Fixtures.ago;
import static io.capstan.apiserver.table.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.table.TableConvertor.Column;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CustomResourceTableConvertorTest {

  /** The CronTab CRD of the Kubernetes docs, with a priority-1 column and a filter path added. */
  private static final JsonNode COLUMNS = json("""
      [{"name":"Spec","type":"string","description":"The cron spec defining the interval a CronJob is run","jsonPath":".spec.cronSpec"},
       {"name":"Replicas","type":"integer","jsonPath":".spec.replicas"},
       {"name":"Ready","type":"string","jsonPath":".status.conditions[?(@.type==\\"Ready\\")].status"},
       {"name":"Image","type":"string","priority":1,"jsonPath":".spec.image"},
       {"name":"Ratio","type":"number","jsonPath":".status.ratio"},
       {"name":"Paused","type":"boolean","jsonPath":".spec.paused"},
       {"name":"Age","type":"date","jsonPath":".metadata.creationTimestamp"}]""");

  private static final JsonNode CRONTAB = json("""
      {"apiVersion":"stable.example.com/v1","kind":"CronTab",
       "metadata":{"name":"my-new-cron-object","creationTimestamp":"%s"},
       "spec":{"cronSpec":"* * * * */5","image":"my-awesome-cron-image","replicas":3,"paused":false},
       "status":{"ratio":0.5,"conditions":[{"type":"Synced","status":"True"},{"type":"Ready","status":"False"}]}}"""
      .formatted(ago(7)));

  @Test
  void printerColumnsAfterName() {
    TableConvertor c = Tables.forCustomResource(COLUMNS, CLOCK);
    assertThat(c.columns()).extracting(Column::name)
        .containsExactly("Name", "Spec", "Replicas", "Ready", "Image", "Ratio", "Paused", "Age");
    assertThat(c.columns()).extracting(Column::type)
        .containsExactly("string", "string", "integer", "string", "string", "number", "boolean", "date");
    assertThat(c.columns().get(4).priority()).isEqualTo(1);
    assertThat(c.columns().get(1).description()).isEqualTo("The cron spec defining the interval a CronJob is run");
    assertThat(c.columns().get(2).description())
        .isEqualTo("Custom resource definition column (in JSONPath format): .spec.replicas");
    assertThat(c.cells(CRONTAB)).containsExactly("my-new-cron-object", "* * * * */5", 3L, "False",
        "my-awesome-cron-image", 0.5, false, "7s");
  }

  @Test
  void missingValuesAreNullAndBadDatesInvalid() {
    JsonNode bare = json("{\"metadata\":{\"name\":\"x\",\"creationTimestamp\":\"yesterday\"},\"spec\":{\"replicas\":\"3\"}}");
    assertThat(Tables.forCustomResource(COLUMNS, CLOCK).cells(bare))
        .containsExactly("x", null, null, null, null, null, null, "<invalid>");
  }

  @Test
  void stringColumnsPrintAnyValue() {
    JsonNode columns = json("""
        [{"name":"N","type":"string","jsonPath":".spec.n"},{"name":"L","type":"string","jsonPath":".spec.labels"},
         {"name":"First","type":"string","jsonPath":".spec.items[0].name"},
         {"name":"Dotted","type":"string","jsonPath":".metadata.labels['app.kubernetes.io/name']"}]""");
    JsonNode o = json("""
        {"metadata":{"name":"o","labels":{"app.kubernetes.io/name":"demo"}},
         "spec":{"n":42,"labels":{"a":"b"},"items":[{"name":"one"},{"name":"two"}]}}""");
    assertThat(Tables.forCustomResource(columns, CLOCK).cells(o)).containsExactly("o", "42", "{\"a\":\"b\"}", "one", "demo");
  }

  @Test
  void withoutPrinterColumnsNameAndAge() {
    TableConvertor c = Tables.forCustomResource(null, CLOCK);
    assertThat(c.columns()).extracting(Column::name).containsExactly("Name", "Age");
    assertThat(c.cells(CRONTAB)).containsExactly("my-new-cron-object", "7s");
    assertThat(Tables.forCustomResource(json("[]"), CLOCK).columns()).hasSize(2);
  }

  @Test
  void unparsablePathIsRejected() {
    assertThatThrownBy(() -> Tables.forCustomResource(json("[{\"name\":\"x\",\"type\":\"string\",\"jsonPath\":\".a[\"}]")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
