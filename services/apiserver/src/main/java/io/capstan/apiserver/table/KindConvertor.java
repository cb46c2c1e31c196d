package io.capstan.apiserver.table;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/** A {@link TableConvertor} made of a column list and a row function evaluated at the clock's now. */
final class KindConvertor implements TableConvertor {

  /** Cells of one object at time {@code now}; must not modify the object. */
  @FunctionalInterface
  interface RowFunction {
    List<Object> cells(JsonNode object, Instant now);
  }

  private final List<Column> columns;
  private final RowFunction row;
  private final Function<JsonNode, List<RowCondition>> conditions;
  private final Clock clock;

  KindConvertor(List<Column> columns, RowFunction row, Clock clock) {
    this(columns, row, o -> List.of(), clock);
  }

  KindConvertor(List<Column> columns, RowFunction row, Function<JsonNode, List<RowCondition>> conditions,
      Clock clock) {
    this.columns = List.copyOf(columns);
    this.row = row;
    this.conditions = conditions;
    this.clock = clock;
  }

  @Override
  public List<Column> columns() {
    return columns;
  }

  @Override
  public List<Object> cells(JsonNode object) {
    return row.cells(object, clock.instant());
  }

  @Override
  public List<RowCondition> conditions(JsonNode object) {
    return conditions.apply(object);
  }
}
