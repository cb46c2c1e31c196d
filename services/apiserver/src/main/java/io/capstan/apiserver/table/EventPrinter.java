package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fields.has;
import static io.capstan.apiserver.table.Fields.name;
import static io.capstan.apiserver.table.Fields.num;
import static io.capstan.apiserver.table.Fields.str;

import io.capstan.apiserver.table.TableConvertor.Column;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.JsonNode;

/**
 * Event rows as Kubernetes' printEvent computes them: LAST SEEN TYPE REASON OBJECT MESSAGE, and
 * SUBOBJECT SOURCE FIRST SEEN COUNT NAME with {@code -o wide}. Serves both core/v1 events and
 * events.k8s.io/v1 events, whose fields have other names (regarding, note, deprecated*).
 */
final class EventPrinter {
  private EventPrinter() {}

  static final List<Column> COLUMNS = List.of(
      Columns.string("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
      Columns.string("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
      Columns.string("Reason", "This should be a short, machine understandable string that gives the reason "
          + "for the transition into the object's current status."),
      Columns.string("Object", "The object that this event is about."),
      Columns.wide("Subobject", "If referring to a piece of an object instead of an entire object, this "
          + "string should contain a valid JSON/Go field access statement."),
      Columns.wide("Source", "The component reporting this event. Should be a short machine understandable string."),
      Columns.string("Message", "A human-readable description of the status of this operation."),
      Columns.wide("First Seen", "The time at which the event was first recorded."),
      Columns.wide("Count", "The number of times this event has occurred."),
      new Column("Name", "string", "name", Columns.NAME_DESCRIPTION, 1));

  /** Field names of one event API version. */
  private record Shape(String involved, String message, String first, String last, String count,
      String sourceComponent, String sourceHost, String reportingController) {}

  private static final Shape CORE = new Shape("involvedObject", "message", "firstTimestamp", "lastTimestamp",
      "count", "source.component", "source.host", "reportingComponent");
  private static final Shape EVENTS_V1 = new Shape("regarding", "note", "deprecatedFirstTimestamp",
      "deprecatedLastTimestamp", "deprecatedCount", "deprecatedSource.component", "deprecatedSource.host",
      "reportingController");

  static TableConvertor coreEvents(Clock clock) {
    return new KindConvertor(COLUMNS, (o, now) -> cells(o, now, CORE), clock);
  }

  static TableConvertor eventsV1(Clock clock) {
    return new KindConvertor(COLUMNS, (o, now) -> cells(o, now, EVENTS_V1), clock);
  }

  private static List<Object> cells(JsonNode e, Instant now, Shape f) {
    Instant first = Fields.time(e, f.first());
    String firstSeen = first != null && !first.equals(HumanDuration.GO_ZERO_TIME)
        ? HumanDuration.since(first, now)
        : HumanDuration.since(Fields.time(e, "eventTime"), now);
    Instant last = Fields.time(e, f.last());
    String lastSeen = last != null && !last.equals(HumanDuration.GO_ZERO_TIME)
        ? HumanDuration.since(last, now) : firstSeen;
    long count = num(e, f.count());
    if (has(e, "series")) {
      lastSeen = HumanDuration.since(Fields.time(e, "series.lastObservedTime"), now);
      count = num(e, "series.count");
    } else if (count == 0) {
      count = 1; // singleton events of the new API have no count
    }
    String kind = str(e, f.involved() + ".kind").toLowerCase(Locale.ROOT);
    String involvedName = str(e, f.involved() + ".name");
    String target = involvedName.isEmpty() ? kind : kind + "/" + involvedName;
    String component = Fields.orDefault(str(e, f.sourceComponent()), str(e, f.reportingController()));
    String instance = Fields.orDefault(str(e, f.sourceHost()), str(e, "reportingInstance"));
    String source = instance.isEmpty() ? component : component + ", " + instance;
    return Arrays.asList(lastSeen, str(e, "type"), str(e, "reason"), target,
        str(e, f.involved() + ".fieldPath"), source, str(e, f.message()).strip(), firstSeen, count, name(e));
  }
}
