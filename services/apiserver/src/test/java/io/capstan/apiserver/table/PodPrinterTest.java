package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fixtures.ago;
import static io.capstan.apiserver.table.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.table.TableConvertor.Column;
import io.capstan.apiserver.table.TableConvertor.RowCondition;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PodPrinterTest {

  private final TableConvertor pods = PodPrinter.convertor(Fixtures.CLOCK);

  /** A pod created five minutes ago; {@code spec} and {@code status} are JSON object bodies. */
  private static JsonNode pod(String extraMetadata, String spec, String status) {
    return json("""
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"p1","namespace":"default","creationTimestamp":"%s"%s},
         "spec":{%s},"status":{%s}}""".formatted(ago(300), extraMetadata, spec, status));
  }

  private static final String ONE_CONTAINER = "\"containers\":[{\"name\":\"app\",\"image\":\"nginx\"}]";

  @Test
  void columnsMatchKubernetes() {
    assertThat(pods.columns()).extracting(Column::name).containsExactly("Name", "Ready", "Status", "Restarts",
        "Age", "IP", "Node", "Nominated Node", "Readiness Gates");
    assertThat(pods.columns()).extracting(Column::priority).containsExactly(0, 0, 0, 0, 0, 1, 1, 1, 1);
    assertThat(pods.columns().get(0).format()).isEqualTo("name");
  }

  @Test
  void runningPod() {
    JsonNode p = pod("", ONE_CONTAINER + ",\"nodeName\":\"n1\"", """
        "phase":"Running","podIP":"10.0.0.5","podIPs":[{"ip":"10.0.0.5"}],
        "conditions":[{"type":"Ready","status":"True"}],
        "containerStatuses":[{"name":"app","ready":true,"restartCount":0,"state":{"running":{"startedAt":"%s"}}}]
        """.formatted(ago(290)));
    assertThat(pods.cells(p)).containsExactly("p1", "1/1", "Running", "0", "5m", "10.0.0.5", "n1", "<none>", "<none>");
    assertThat(pods.conditions(p)).isEmpty();
  }

  @Test
  void pendingPodWithoutStatuses() {
    JsonNode p = pod("", ONE_CONTAINER, "\"phase\":\"Pending\"");
    assertThat(pods.cells(p)).containsExactly("p1", "0/1", "Pending", "0", "5m", "<none>", "<none>", "<none>",
        "<none>");
  }

  @Test
  void waitingReasonWins() {
    JsonNode p = pod("", ONE_CONTAINER, """
        "phase":"Pending",
        "containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ContainerCreating"}}}]
        """);
    assertThat(pods.cells(p).get(2)).isEqualTo("ContainerCreating");
  }

  @Test
  void crashLoopShowsRestartsWithTimeSinceLastTermination() {
    JsonNode p = pod("", ONE_CONTAINER, """
        "phase":"Running",
        "containerStatuses":[{"name":"app","ready":false,"restartCount":3,
          "state":{"waiting":{"reason":"CrashLoopBackOff"}},
          "lastState":{"terminated":{"exitCode":1,"reason":"Error","finishedAt":"%s"}}}]
        """.formatted(ago(125)));
    List<Object> cells = pods.cells(p);
    assertThat(cells.get(1)).isEqualTo("0/1");
    assertThat(cells.get(2)).isEqualTo("CrashLoopBackOff");
    assertThat(cells.get(3)).isEqualTo("3 (2m5s ago)");
  }

  @Test
  void completedPod() {
    JsonNode p = pod("", ONE_CONTAINER, """
        "phase":"Succeeded",
        "containerStatuses":[{"name":"app","ready":false,"restartCount":0,
          "state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]
        """);
    assertThat(pods.cells(p).subList(1, 4)).containsExactly("0/1", "Completed", "0");
    assertThat(pods.conditions(p)).containsExactly(
        new RowCondition("Completed", "True", "Succeeded", "The pod has completed successfully."));
  }

  @Test
  void terminatedWithoutReasonShowsExitCodeOrSignal() {
    JsonNode exit = pod("", ONE_CONTAINER, """
        "phase":"Failed","containerStatuses":[{"name":"app","state":{"terminated":{"exitCode":137}}}]""");
    JsonNode signal = pod("", ONE_CONTAINER, """
        "phase":"Failed","containerStatuses":[{"name":"app","state":{"terminated":{"exitCode":0,"signal":9}}}]""");
    assertThat(pods.cells(exit).get(2)).isEqualTo("ExitCode:137");
    assertThat(pods.cells(signal).get(2)).isEqualTo("Signal:9");
  }

  @Test
  void completedContainerBesideRunningOneIsRunningOrNotReady() {
    String spec = "\"containers\":[{\"name\":\"a\"},{\"name\":\"b\"}]";
    String statuses = """
        "containerStatuses":[
          {"name":"a","ready":false,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
          {"name":"b","ready":true,"state":{"running":{}}}]""";
    JsonNode ready = pod("", spec, "\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}],"
        + statuses);
    JsonNode notReady = pod("", spec, "\"phase\":\"Running\"," + statuses);
    assertThat(pods.cells(ready).subList(1, 3)).containsExactly("1/2", "Running");
    assertThat(pods.cells(notReady).subList(1, 3)).containsExactly("1/2", "NotReady");
  }

  @Test
  void initContainersInProgress() {
    String spec = "\"initContainers\":[{\"name\":\"i1\"},{\"name\":\"i2\"}]," + ONE_CONTAINER;
    JsonNode second = pod("", spec, """
        "phase":"Pending",
        "initContainerStatuses":[
          {"name":"i1","state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
          {"name":"i2","state":{"running":{}}}],
        "containerStatuses":[{"name":"app","state":{"waiting":{"reason":"PodInitializing"}}}]""");
    JsonNode crashing = pod("", spec, """
        "phase":"Pending",
        "initContainerStatuses":[
          {"name":"i1","restartCount":4,"state":{"waiting":{"reason":"CrashLoopBackOff"}},
           "lastState":{"terminated":{"exitCode":1,"finishedAt":"%s"}}},
          {"name":"i2","state":{"waiting":{"reason":"PodInitializing"}}}],
        "containerStatuses":[{"name":"app","state":{"waiting":{"reason":"PodInitializing"}}}]""".formatted(ago(30)));
    JsonNode failed = pod("", spec, """
        "phase":"Pending",
        "initContainerStatuses":[{"name":"i1","state":{"terminated":{"exitCode":2}}}]""");
    assertThat(pods.cells(second).subList(1, 4)).containsExactly("0/1", "Init:1/2", "0");
    assertThat(pods.cells(crashing).subList(1, 4)).containsExactly("0/1", "Init:CrashLoopBackOff", "4 (30s ago)");
    assertThat(pods.cells(failed).get(2)).isEqualTo("Init:ExitCode:2");
  }

  @Test
  void sidecarsCountAsContainers() {
    String spec = "\"initContainers\":[{\"name\":\"proxy\",\"restartPolicy\":\"Always\"}]," + ONE_CONTAINER;
    JsonNode p = pod("", spec, """
        "phase":"Running",
        "conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"}],
        "initContainerStatuses":[{"name":"proxy","ready":true,"started":true,"restartCount":1,
          "state":{"running":{}},"lastState":{"terminated":{"exitCode":1,"finishedAt":"%s"}}}],
        "containerStatuses":[{"name":"app","ready":true,"state":{"running":{}}}]""".formatted(ago(7200)));
    assertThat(pods.cells(p).subList(1, 4)).containsExactly("2/2", "Running", "1 (120m ago)");
  }

  @Test
  void deletedPodIsTerminatingUnlessFinished() {
    String deleting = ",\"deletionTimestamp\":\"" + ago(1) + "\"";
    JsonNode running = pod(deleting, ONE_CONTAINER, """
        "phase":"Running","containerStatuses":[{"name":"app","ready":true,"state":{"running":{}}}]""");
    JsonNode succeeded = pod(deleting, ONE_CONTAINER, "\"phase\":\"Succeeded\"");
    JsonNode lost = pod(deleting, ONE_CONTAINER, "\"phase\":\"Running\",\"reason\":\"NodeLost\"");
    assertThat(pods.cells(running).get(2)).isEqualTo("Terminating");
    assertThat(pods.cells(succeeded).get(2)).isEqualTo("Succeeded");
    assertThat(pods.cells(lost).get(2)).isEqualTo("Unknown");
  }

  @Test
  void schedulingGatedAndEvicted() {
    JsonNode gated = pod("", ONE_CONTAINER,
        "\"phase\":\"Pending\",\"conditions\":[{\"type\":\"PodScheduled\",\"status\":\"False\",\"reason\":\"SchedulingGated\"}]");
    JsonNode evicted = pod("", ONE_CONTAINER, "\"phase\":\"Failed\",\"reason\":\"Evicted\"");
    assertThat(pods.cells(gated).get(2)).isEqualTo("SchedulingGated");
    assertThat(pods.cells(evicted).get(2)).isEqualTo("Evicted");
  }

  @Test
  void wideColumns() {
    JsonNode p = pod("", ONE_CONTAINER + """
        ,"nodeName":"n1","readinessGates":[{"conditionType":"example.com/a"},{"conditionType":"example.com/b"}]""", """
        "phase":"Running","podIP":"10.0.0.9","nominatedNodeName":"n2",
        "conditions":[{"type":"example.com/a","status":"True"},{"type":"example.com/b","status":"False"}]""");
    assertThat(pods.cells(p).subList(5, 9)).containsExactly("10.0.0.9", "n1", "n2", "1/2");
  }
}
