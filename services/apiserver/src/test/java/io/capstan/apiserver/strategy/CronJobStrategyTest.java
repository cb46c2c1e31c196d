package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class CronJobStrategyTest {

  private final CronJobStrategy strategy = new CronJobStrategy();

  private static final String JOB = "'jobTemplate':{'spec':{'template':{'spec':{'restartPolicy':'OnFailure',"
      + "'containers':[{'name':'c','image':'busybox'}]}}}}";

  private ObjectNode cronJob(String name, String specFields) {
    ObjectNode o = json("{'metadata':{'name':'" + name + "','namespace':'default'},'spec':{" + specFields + "}}");
    strategy.applyDefaults(o);
    return o;
  }

  private List<String> errors(String specFields) {
    return lines(strategy.validate(cronJob("backup", specFields)));
  }

  @Test
  void defaults() {
    ObjectNode o = cronJob("backup", "'schedule':'*/5 * * * *'," + JOB);
    assertThat(o.at("/spec/concurrencyPolicy").asString()).isEqualTo("Allow");
    assertThat(o.at("/spec/suspend").asBoolean()).isFalse();
    assertThat(o.at("/spec/successfulJobsHistoryLimit").asInt()).isEqualTo(3);
    assertThat(o.at("/spec/failedJobsHistoryLimit").asInt()).isEqualTo(1);
    assertThat(o.at("/spec/jobTemplate/spec/template/spec/dnsPolicy").asString()).isEqualTo("ClusterFirst");
    // Job defaults belong to Jobs; the template stays as given, as upstream.
    assertThat(o.at("/spec/jobTemplate/spec").has("backoffLimit")).isFalse();
    assertThat(strategy.validate(o)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"*/5 * * * *", "0 0 * * 0", "@hourly", "@every 90s", "0 9-17/2 * JAN-mar MON-FRI", "30 4 1,15 * ?"})
  void validSchedules(String schedule) {
    assertThat(errors("'schedule':'" + schedule + "'," + JOB)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "61 * * * * | end of range (61) above maximum (59): 61",
      "* * * | expected exactly 5 fields, found 3: [* * *]",
      "x * * * * | failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax",
      "@often | unrecognized descriptor: @often",
      "5-1 * * * * | beginning of range (5) beyond end of range (1): 5-1",
      "*/0 * * * * | step of range should be a positive number: */0",
      "0 0 0 * * | beginning of range (0) below minimum (1): 0",
      "0 0 * * 7 | end of range (7) above maximum (6): 7",
  })
  void invalidSchedules(String schedule, String parseError) {
    assertThat(errors("'schedule':'" + schedule + "'," + JOB))
        .containsExactly("spec.schedule: Invalid value: \"" + schedule + "\": " + parseError);
  }

  @Test
  void specRules() {
    assertThat(errors(JOB)).containsExactly("spec.schedule: Required value");
    assertThat(errors("'schedule':'TZ=UTC 0 * * * *'," + JOB)).containsExactly(
        "spec.schedule: Invalid value: \"TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
    assertThat(errors("'schedule':'@daily','concurrencyPolicy':'Sometimes'," + JOB)).containsExactly(
        "spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"");
    assertThat(errors("'schedule':'@daily','timeZone':'Mars/Olympus'," + JOB))
        .containsExactly("spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus");
    assertThat(errors("'schedule':'@daily','timeZone':'Europe/Berlin'," + JOB)).isEmpty();
    assertThat(errors("'schedule':'@daily','timeZone':'Local'," + JOB)).containsExactly("spec.timeZone: Invalid value: "
        + "\"Local\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
    assertThat(errors("'schedule':'@daily','successfulJobsHistoryLimit':-1," + JOB))
        .containsExactly("spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0");
  }

  @Test
  void jobTemplateRules() {
    assertThat(errors("'schedule':'@daily','jobTemplate':{'spec':{'selector':{'matchLabels':{'a':'b'}},"
        + "'template':{'spec':{'containers':[{'name':'c','image':'i'}]}}}}")).containsExactly(
        "spec.jobTemplate.spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"",
        "spec.jobTemplate.spec.selector: Invalid value: {\"matchLabels\":{\"a\":\"b\"}}: `selector` will be auto-generated");
  }

  @Test
  void longNamesOnlyRejectedOnCreate() {
    String name = "n".repeat(53);
    ObjectNode o = cronJob(name, "'schedule':'@daily'," + JOB);
    assertThat(lines(strategy.validate(o)))
        .containsExactly("metadata.name: Invalid value: \"" + name + "\": must be no more than 52 characters");
    assertThat(strategy.validateUpdate(o, o.deepCopy())).isEmpty();
  }
}
