package io.capstan.apiserver.table;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Kubernetes' CRD table convertor: NAME, then the version's additionalPrinterColumns; a CRD
 * without printer columns gets a single Age column ({@code .metadata.creationTimestamp}, type
 * date), so NAME AGE. Cells are typed by the column type; "date" prints the age of the timestamp.
 */
final class CustomResourceTableConvertor implements TableConvertor {

  private record PrinterColumn(Column column, SimpleJsonPath path) {}

  private final List<Column> columns;
  private final List<PrinterColumn> printerColumns;
  private final Clock clock;

  private CustomResourceTableConvertor(List<PrinterColumn> printerColumns, Clock clock) {
    List<Column> cols = new ArrayList<>();
    cols.add(Columns.name());
    printerColumns.forEach(pc -> cols.add(pc.column()));
    this.columns = List.copyOf(cols);
    this.printerColumns = List.copyOf(printerColumns);
    this.clock = clock;
  }

  /**
   * @param additionalPrinterColumns the CRD version's {@code additionalPrinterColumns} array
   *     (v1 {@code jsonPath} or v1beta1 {@code JSONPath}); null or empty for the default columns
   * @throws IllegalArgumentException when a column's JSONPath cannot be parsed
   */
  static CustomResourceTableConvertor of(JsonNode additionalPrinterColumns, Clock clock) {
    List<PrinterColumn> pcs = new ArrayList<>();
    if (additionalPrinterColumns != null && additionalPrinterColumns.isArray()) {
      for (JsonNode c : additionalPrinterColumns) {
        String path = Fields.orDefault(Fields.str(c, "jsonPath"), Fields.str(c, "JSONPath"));
        String description = Fields.orDefault(Fields.str(c, "description"),
            "Custom resource definition column (in JSONPath format): " + path);
        Column column = new Column(Fields.str(c, "name"), Fields.str(c, "type"), Fields.str(c, "format"),
            description, (int) Fields.num(c, "priority"));
        pcs.add(new PrinterColumn(column, SimpleJsonPath.parse(path)));
      }
    }
    if (pcs.isEmpty()) {
      Column age = new Column("Age", "date", "", Columns.CREATION_TIMESTAMP_DESCRIPTION, 0);
      pcs.add(new PrinterColumn(age, SimpleJsonPath.parse(".metadata.creationTimestamp")));
    }
    return new CustomResourceTableConvertor(pcs, clock);
  }

  @Override
  public List<Column> columns() {
    return columns;
  }

  @Override
  public List<Object> cells(JsonNode object) {
    List<Object> cells = new ArrayList<>();
    cells.add(Fields.name(object));
    for (PrinterColumn pc : printerColumns) {
      JsonNode value = pc.path().first(object);
      cells.add(value == null ? null : cell(pc.column().type(), value));
    }
    return cells;
  }

  /** Kubernetes' cellForJSONValue; "string" columns print any value as JSONPath would. */
  private Object cell(String type, JsonNode value) {
    if (value.isNull()) return null;
    switch (type) {
      case "string":
        return Fields.goText(value);
      case "integer":
        return value.isNumber() ? (Object) value.numberValue().longValue() : null;
      case "number":
        return value.isNumber() ? (Object) value.numberValue().doubleValue() : null;
      case "boolean":
        return value.isBoolean() ? (Object) value.booleanValue() : null;
      case "date":
        if (!value.isString()) return null;
        if (value.asString().isEmpty()) return "<unknown>";
        var t = Fields.parseTime(value.asString());
        return t == null ? "<invalid>" : HumanDuration.since(t, clock.instant());
      default:
        return null;
    }
  }
}
