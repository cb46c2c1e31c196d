package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fixtures.CLOCK;
import static io.capstan.apiserver.table.Fixtures.ago;
import static io.capstan.apiserver.table.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.table.TableConvertor.Column;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class EventPrinterTest {

  @Test
  void coreEvent() {
    TableConvertor c = EventPrinter.coreEvents(CLOCK);
    assertThat(c.columns().stream().filter(col -> col.priority() == 0).map(Column::name))
        .containsExactly("Last Seen", "Type", "Reason", "Object", "Message");
    JsonNode e = json("""
        {"metadata":{"name":"p1.17a2b3c4d5e6f7a8","namespace":"default"},
         "involvedObject":{"kind":"Pod","name":"p1","namespace":"default","fieldPath":"spec.containers{app}"},
         "reason":"Pulled","message":"Successfully pulled image \\"nginx\\"\\n","type":"Normal",
         "source":{"component":"kubelet","host":"node-1"},
         "firstTimestamp":"%s","lastTimestamp":"%s","count":2}""".formatted(ago(600), ago(65)));
    assertThat(c.cells(e)).containsExactly("65s", "Normal", "Pulled", "pod/p1", "spec.containers{app}",
        "kubelet, node-1", "Successfully pulled image \"nginx\"", "10m", 2L, "p1.17a2b3c4d5e6f7a8");
  }

  @Test
  void newStyleEventWithoutTimestampsUsesEventTime() {
    JsonNode e = json("""
        {"metadata":{"name":"n"},"involvedObject":{"kind":"Node"},"reason":"RegisteredNode","type":"Normal",
         "message":"registered","eventTime":"%s","reportingComponent":"node-controller"}""".formatted(ago(3)));
    assertThat(EventPrinter.coreEvents(CLOCK).cells(e))
        .containsExactly("3s", "Normal", "RegisteredNode", "node", "", "node-controller", "registered", "3s", 1L, "n");
  }

  @Test
  void seriesWins() {
    JsonNode e = json("""
        {"metadata":{"name":"s"},"involvedObject":{"kind":"Pod","name":"p"},"type":"Warning","reason":"BackOff",
         "message":"Back-off restarting failed container","eventTime":"%s",
         "series":{"count":7,"lastObservedTime":"%s"}}""".formatted(ago(900), ago(20)));
    var cells = EventPrinter.coreEvents(CLOCK).cells(e);
    assertThat(cells.get(0)).isEqualTo("20s");
    assertThat(cells.get(8)).isEqualTo(7L);
  }

  @Test
  void eventsV1Fields() {
    JsonNode e = json("""
        {"metadata":{"name":"x"},"regarding":{"kind":"Deployment","name":"web"},"type":"Normal",
         "reason":"ScalingReplicaSet","note":"Scaled up replica set web-1 to 3","eventTime":"%s",
         "reportingController":"deployment-controller","reportingInstance":"cm-1"}""".formatted(ago(50)));
    assertThat(EventPrinter.eventsV1(CLOCK).cells(e)).containsExactly("50s", "Normal", "ScalingReplicaSet",
        "deployment/web", "", "deployment-controller, cm-1", "Scaled up replica set web-1 to 3", "50s", 1L, "x");
  }
}
