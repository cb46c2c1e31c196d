package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fields.age;
import static io.capstan.apiserver.table.Fields.containerCells;
import static io.capstan.apiserver.table.Fields.has;
import static io.capstan.apiserver.table.Fields.list;
import static io.capstan.apiserver.table.Fields.name;
import static io.capstan.apiserver.table.Fields.node;
import static io.capstan.apiserver.table.Fields.num;
import static io.capstan.apiserver.table.Fields.str;

import io.capstan.apiserver.table.TableConvertor.Column;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Rows of the workload kinds (Kubernetes' printDeployment, printReplicaSet, printStatefulSet,
 * printDaemonSet, printJob, printCronJob, printReplicationController, printControllerRevision,
 * printPodDisruptionBudget).
 * Where a field is missing that the API server would have defaulted (spec.replicas = 1,
 * cronjob spec.suspend = false), the default is printed.
 */
final class WorkloadPrinters {
  private WorkloadPrinters() {}

  private static final String SELECTOR = "A label query over pods that should match the replica count.";

  static TableConvertor deployments(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.string("Ready", "Number of the pod with ready state"),
        Columns.string("Up-to-date", "Total number of non-terminated pods targeted by this deployment that "
            + "have the desired template spec."),
        Columns.string("Available", "Total number of available pods (ready for at least minReadySeconds) "
            + "targeted by this deployment."),
        Columns.age(), Columns.containers(), Columns.images(), Columns.wide("Selector", SELECTOR));
    return new KindConvertor(cols, (o, now) -> {
      String[] ci = containerCells(node(o, "spec.template.spec.containers"));
      return Arrays.asList(name(o),
          num(o, "status.readyReplicas") + "/" + num(o, "spec.replicas", 1),
          num(o, "status.updatedReplicas"), num(o, "status.availableReplicas"), age(o, now),
          ci[0], ci[1], Fields.selectorString(node(o, "spec.selector")));
    }, clock);
  }

  static TableConvertor replicaSets(Clock clock) {
    return new KindConvertor(replicaColumns(), (o, now) -> {
      String[] ci = containerCells(node(o, "spec.template.spec.containers"));
      return Arrays.asList(name(o), num(o, "spec.replicas", 1), num(o, "status.replicas"),
          num(o, "status.readyReplicas"), age(o, now), ci[0], ci[1],
          Fields.formatLabelSelector(node(o, "spec.selector")));
    }, clock);
  }

  static TableConvertor replicationControllers(Clock clock) {
    return new KindConvertor(replicaColumns(), (o, now) -> {
      String[] ci = containerCells(node(o, "spec.template.spec.containers"));
      return Arrays.asList(name(o), num(o, "spec.replicas", 1), num(o, "status.replicas"),
          num(o, "status.readyReplicas"), age(o, now), ci[0], ci[1],
          Fields.formatLabels(node(o, "spec.selector")));
    }, clock);
  }

  private static List<Column> replicaColumns() {
    return List.of(Columns.name(),
        Columns.integer("Desired", "Replicas is the number of desired replicas."),
        Columns.integer("Current", "Replicas is the most recently observed number of replicas."),
        Columns.integer("Ready", "The number of ready replicas for this replica set."),
        Columns.age(), Columns.containers(), Columns.images(), Columns.wide("Selector", SELECTOR));
  }

  static TableConvertor statefulSets(Clock clock) {
    List<Column> cols = List.of(Columns.name(), Columns.string("Ready", "Number of the pod with ready state"),
        Columns.age(), Columns.containers(), Columns.images());
    return new KindConvertor(cols, (o, now) -> {
      String[] ci = containerCells(node(o, "spec.template.spec.containers"));
      return Arrays.asList(name(o), num(o, "status.readyReplicas") + "/" + num(o, "spec.replicas", 1),
          age(o, now), ci[0], ci[1]);
    }, clock);
  }

  static TableConvertor daemonSets(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.integer("Desired", "The total number of nodes that should be running the daemon pod."),
        Columns.integer("Current", "The number of nodes that are running at least 1 daemon pod."),
        Columns.integer("Ready", "The number of nodes that should be running the daemon pod and have one "
            + "or more of the daemon pod running and ready."),
        Columns.integer("Up-to-date", "The total number of nodes that are running updated daemon pod"),
        Columns.integer("Available", "The number of nodes that should be running the daemon pod and have "
            + "one or more of the daemon pod running and available."),
        Columns.string("Node Selector", "NodeSelector is a selector which must be true for the pod to fit "
            + "on a node."),
        Columns.age(), Columns.containers(), Columns.images(), Columns.wide("Selector", SELECTOR));
    return new KindConvertor(cols, (o, now) -> {
      String[] ci = containerCells(node(o, "spec.template.spec.containers"));
      return Arrays.asList(name(o), num(o, "status.desiredNumberScheduled"),
          num(o, "status.currentNumberScheduled"), num(o, "status.numberReady"),
          num(o, "status.updatedNumberScheduled"), num(o, "status.numberAvailable"),
          Fields.formatLabels(node(o, "spec.template.spec.nodeSelector")), age(o, now), ci[0], ci[1],
          Fields.formatLabelSelector(node(o, "spec.selector")));
    }, clock);
  }

  static TableConvertor jobs(Clock clock) {
    List<Column> cols = List.of(Columns.name(), Columns.string("Status", "Status of the job."),
        Columns.string("Completions", "The number of pods which reached phase Succeeded."),
        Columns.string("Duration", "Time required to complete the job."),
        Columns.age(), Columns.containers(), Columns.images(), Columns.wide("Selector", SELECTOR));
    return new KindConvertor(cols, WorkloadPrinters::jobCells, clock);
  }

  static List<Object> jobCells(JsonNode o, Instant now) {
    long succeeded = num(o, "status.succeeded");
    String completions;
    if (has(o, "spec.completions")) {
      completions = succeeded + "/" + num(o, "spec.completions");
    } else {
      long parallelism = num(o, "spec.parallelism");
      completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
    }
    Instant start = Fields.time(o, "status.startTime");
    Instant completion = Fields.time(o, "status.completionTime");
    String duration = "";
    if (start != null) {
      duration = HumanDuration.format(Duration.between(start, completion == null ? now : completion));
    }
    String status;
    if (hasJobCondition(o, "Complete")) status = "Complete";
    else if (hasJobCondition(o, "Failed")) status = "Failed";
    else if (has(o, "metadata.deletionTimestamp")) status = "Terminating";
    else if (hasJobCondition(o, "Suspended")) status = "Suspended";
    else if (hasJobCondition(o, "FailureTarget")) status = "FailureTarget";
    else status = "Running";
    String[] ci = containerCells(node(o, "spec.template.spec.containers"));
    return Arrays.asList(name(o), status, completions, duration, age(o, now), ci[0], ci[1],
        Fields.formatLabelSelector(node(o, "spec.selector")));
  }

  /** True when the first condition of that type has status True (Kubernetes' hasJobCondition). */
  private static boolean hasJobCondition(JsonNode job, String type) {
    for (JsonNode c : list(job, "status.conditions")) {
      if (type.equals(str(c, "type"))) return "True".equals(str(c, "status"));
    }
    return false;
  }

  static TableConvertor cronJobs(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.string("Schedule", "The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron."),
        Columns.string("Timezone", "The time zone name for the given schedule."),
        Columns.bool("Suspend", "This flag tells the controller to suspend subsequent executions."),
        Columns.integer("Active", "A list of pointers to currently running jobs."),
        Columns.string("Last Schedule", "Information when was the last time the job was successfully scheduled."),
        Columns.age(), Columns.containers(), Columns.images(), Columns.wide("Selector", SELECTOR));
    return new KindConvertor(cols, (o, now) -> {
      String last = has(o, "status.lastScheduleTime")
          ? HumanDuration.since(Fields.time(o, "status.lastScheduleTime"), now) : "<none>";
      String timeZone = has(o, "spec.timeZone") ? str(o, "spec.timeZone") : "<none>";
      // Kubernetes defaults spec.suspend to false, so an object without it prints False.
      String suspend = Fields.bool(o, "spec.suspend") ? "True" : "False";
      String[] ci = containerCells(node(o, "spec.jobTemplate.spec.template.spec.containers"));
      return Arrays.asList(name(o), str(o, "spec.schedule"), timeZone, suspend,
          (long) list(o, "status.active").size(), last, age(o, now), ci[0], ci[1],
          Fields.formatLabelSelector(node(o, "spec.jobTemplate.spec.selector")));
    }, clock);
  }

  static TableConvertor controllerRevisions(Clock clock) {
    List<Column> cols = List.of(Columns.name(), Columns.string("Controller", "Controller of the object"),
        Columns.string("Revision", "Revision indicates the revision of the state represented by Data."),
        Columns.age());
    return new KindConvertor(cols, (o, now) -> {
      String controller = "<none>";
      for (JsonNode ref : list(o, "metadata.ownerReferences")) {
        if (Fields.bool(ref, "controller")) {
          String apiVersion = str(ref, "apiVersion");
          String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
          String kind = str(ref, "kind");
          String groupKind = group.isEmpty() ? kind : kind + "." + group;
          controller = groupKind.isEmpty() ? str(ref, "name")
              : groupKind.toLowerCase(Locale.ROOT) + "/" + str(ref, "name");
          break;
        }
      }
      return Arrays.asList(name(o), controller, num(o, "revision"), age(o, now));
    }, clock);
  }

  static TableConvertor podDisruptionBudgets(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.string("Min Available", "The minimum number or percentage of available pods this budget requires."),
        Columns.string("Max Unavailable", "The maximum number or percentage of unavailable pods this budget requires."),
        Columns.integer("Allowed Disruptions", "Calculated number of pods that may be disrupted at this time."),
        Columns.age());
    return new KindConvertor(cols, (o, now) -> Arrays.asList(name(o), orNotApplicable(o, "spec.minAvailable"),
        orNotApplicable(o, "spec.maxUnavailable"), num(o, "status.disruptionsAllowed"), age(o, now)), clock);
  }

  private static String orNotApplicable(JsonNode o, String path) {
    return has(o, path) ? str(o, path) : "N/A";
  }
}
