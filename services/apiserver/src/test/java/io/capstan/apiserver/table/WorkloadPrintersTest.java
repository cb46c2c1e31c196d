package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fixtures.CLOCK;
import static io.capstan.apiserver.table.Fixtures.ago;
import static io.capstan.apiserver.table.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.table.TableConvertor.Column;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WorkloadPrintersTest {

  private static final String TEMPLATE = """
      "template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[
        {"name":"nginx","image":"nginx:1.27"},{"name":"sidecar","image":"busybox"}]}}""";

  @Test
  void deployment() {
    TableConvertor c = WorkloadPrinters.deployments(CLOCK);
    JsonNode d = json("""
        {"metadata":{"name":"web","creationTimestamp":"%s"},
         "spec":{"replicas":3,"selector":{"matchLabels":{"app":"web","tier":"fe"}},%s},
         "status":{"replicas":3,"updatedReplicas":3,"readyReplicas":2,"availableReplicas":2}}"""
        .formatted(ago(3 * 3600 + 4 * 60), TEMPLATE));
    assertThat(c.columns()).extracting(Column::name)
        .containsExactly("Name", "Ready", "Up-to-date", "Available", "Age", "Containers", "Images", "Selector");
    assertThat(c.cells(d)).containsExactly("web", "2/3", 3L, 2L, "3h4m", "nginx,sidecar", "nginx:1.27,busybox",
        "app=web,tier=fe");
  }

  @Test
  void newDeploymentWithoutStatus() {
    JsonNode d = json("""
        {"metadata":{"name":"web","creationTimestamp":"%s"},
         "spec":{"selector":{"matchLabels":{"app":"web"}},%s}}""".formatted(ago(5), TEMPLATE));
    assertThat(WorkloadPrinters.deployments(CLOCK).cells(d).subList(0, 5)).containsExactly("web", "0/1", 0L, 0L, "5s");
  }

  @Test
  void replicaSetSelectorWithExpressions() {
    JsonNode rs = json("""
        {"metadata":{"name":"web-6d4cf56db6","creationTimestamp":"%s"},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"},
           "matchExpressions":[{"key":"env","operator":"In","values":["prod","dev"]},{"key":"canary","operator":"DoesNotExist"}]},%s},
         "status":{"replicas":2,"readyReplicas":1}}""".formatted(ago(60), TEMPLATE));
    assertThat(WorkloadPrinters.replicaSets(CLOCK).cells(rs)).containsExactly("web-6d4cf56db6", 2L, 2L, 1L, "60s",
        "nginx,sidecar", "nginx:1.27,busybox", "app=web,!canary,env in (dev,prod)");
  }

  @Test
  void statefulSetAndDaemonSet() {
    JsonNode sts = json("""
        {"metadata":{"name":"db","creationTimestamp":"%s"},"spec":{"replicas":3,%s},"status":{"readyReplicas":3}}"""
        .formatted(ago(86400 * 3), TEMPLATE));
    assertThat(WorkloadPrinters.statefulSets(CLOCK).cells(sts).subList(0, 3)).containsExactly("db", "3/3", "3d");
    JsonNode ds = json("""
        {"metadata":{"name":"agent","creationTimestamp":"%s"},
         "spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"spec":{
            "nodeSelector":{"kubernetes.io/os":"linux"},"containers":[{"name":"a","image":"agent:1"}]}}},
         "status":{"desiredNumberScheduled":2,"currentNumberScheduled":2,"numberReady":1,"updatedNumberScheduled":2,
            "numberAvailable":1}}""".formatted(ago(600)));
    assertThat(WorkloadPrinters.daemonSets(CLOCK).cells(ds)).containsExactly("agent", 2L, 2L, 1L, 2L, 1L,
        "kubernetes.io/os=linux", "10m", "a", "agent:1", "app=agent");
  }

  @Test
  void jobStatusCompletionsAndDuration() {
    TableConvertor jobs = WorkloadPrinters.jobs(CLOCK);
    assertThat(jobs.columns()).extracting(Column::name).startsWith("Name", "Status", "Completions", "Duration", "Age");
    JsonNode complete = json("""
        {"metadata":{"name":"pi","creationTimestamp":"%s"},"spec":{"completions":1,"parallelism":1,%s},
         "status":{"succeeded":1,"startTime":"%s","completionTime":"%s",
           "conditions":[{"type":"SuccessCriteriaMet","status":"True"},{"type":"Complete","status":"True"}]}}"""
        .formatted(ago(120), TEMPLATE, ago(118), ago(105)));
    assertThat(jobs.cells(complete).subList(0, 5)).containsExactly("pi", "Complete", "1/1", "13s", "2m");
    JsonNode running = json("""
        {"metadata":{"name":"work","creationTimestamp":"%s"},"spec":{"parallelism":3,%s},
         "status":{"active":3,"startTime":"%s"}}""".formatted(ago(40), TEMPLATE, ago(40)));
    assertThat(jobs.cells(running).subList(0, 5)).containsExactly("work", "Running", "0/1 of 3", "40s", "40s");
    JsonNode failed = json("""
        {"metadata":{"name":"f","creationTimestamp":"%s"},"spec":{"completions":2,%s},
         "status":{"failed":1,"conditions":[{"type":"FailureTarget","status":"True"},{"type":"Failed","status":"True"}]}}"""
        .formatted(ago(40), TEMPLATE));
    assertThat(jobs.cells(failed).subList(1, 4)).containsExactly("Failed", "0/2", "");
    JsonNode suspended = json("""
        {"metadata":{"name":"s"},"spec":{%s},"status":{"conditions":[{"type":"Suspended","status":"True"}]}}"""
        .formatted(TEMPLATE));
    assertThat(jobs.cells(suspended).subList(1, 5)).containsExactly("Suspended", "0/1", "", "<unknown>");
  }

  @Test
  void cronJob() {
    JsonNode cj = json("""
        {"metadata":{"name":"hello","creationTimestamp":"%s"},
         "spec":{"schedule":"*/1 * * * *","jobTemplate":{"spec":{%s}}},
         "status":{"active":[{"name":"hello-1"}],"lastScheduleTime":"%s"}}""".formatted(ago(3600), TEMPLATE, ago(42)));
    TableConvertor c = WorkloadPrinters.cronJobs(CLOCK);
    assertThat(c.columns()).extracting(Column::name).startsWith("Name", "Schedule", "Timezone", "Suspend", "Active",
        "Last Schedule", "Age");
    assertThat(c.cells(cj).subList(0, 7)).containsExactly("hello", "*/1 * * * *", "<none>", "False", 1L, "42s", "60m");
  }

  @Test
  void podDisruptionBudgetPrintsNotApplicableForTheUnsetBound() {
    TableConvertor c = WorkloadPrinters.podDisruptionBudgets(CLOCK);
    assertThat(c.columns()).extracting(Column::name)
        .containsExactly("Name", "Min Available", "Max Unavailable", "Allowed Disruptions", "Age");
    JsonNode minInt = json("""
        {"metadata":{"name":"web","creationTimestamp":"%s"},"spec":{"minAvailable":2},
         "status":{"disruptionsAllowed":1}}""".formatted(ago(90)));
    assertThat(c.cells(minInt)).containsExactly("web", "2", "N/A", 1L, "90s");
    JsonNode maxPercent = json("""
        {"metadata":{"name":"db","creationTimestamp":"%s"},"spec":{"maxUnavailable":"25%%"}}""".formatted(ago(90)));
    assertThat(c.cells(maxPercent)).containsExactly("db", "N/A", "25%", 0L, "90s");
  }
}
