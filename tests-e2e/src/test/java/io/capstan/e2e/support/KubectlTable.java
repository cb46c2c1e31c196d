package io.capstan.e2e.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A table as kubectl prints it: an upper-case header line, then rows aligned to the header's
 * columns (kubectl pads every column with at least three spaces). Cells are cut at the header's
 * column starts, so cells with single spaces in them (a cron spec, {@code LAST SEEN}) stay whole.
 */
public record KubectlTable(List<String> headers, List<Map<String, String>> rows) {

  /** Every table in {@code stdout}; kubectl separates the tables of different types by a blank line. */
  public static List<KubectlTable> parseAll(String stdout) {
    List<KubectlTable> tables = new ArrayList<>();
    List<String> block = new ArrayList<>();
    for (String line : (stdout + "\n").split("\n", -1)) {
      if (line.isBlank()) {
        if (!block.isEmpty()) tables.add(parse(block));
        block = new ArrayList<>();
      } else {
        block.add(line);
      }
    }
    return tables;
  }

  private static KubectlTable parse(List<String> lines) {
    String header = lines.get(0);
    List<Integer> starts = new ArrayList<>();
    for (int i = 0; i < header.length(); i++) {
      boolean startsCell = header.charAt(i) != ' '
          && (i == 0 || (i >= 2 && header.charAt(i - 1) == ' ' && header.charAt(i - 2) == ' '));
      if (startsCell) starts.add(i);
    }
    List<String> headers = cells(header, starts);
    List<Map<String, String>> rows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> cells = cells(line, starts);
      Map<String, String> row = new LinkedHashMap<>();
      for (int c = 0; c < headers.size(); c++) row.put(headers.get(c), cells.get(c));
      rows.add(row);
    }
    return new KubectlTable(headers, rows);
  }

  private static List<String> cells(String line, List<Integer> starts) {
    List<String> cells = new ArrayList<>();
    for (int c = 0; c < starts.size(); c++) {
      int from = Math.min(starts.get(c), line.length());
      int to = c + 1 < starts.size() ? Math.min(starts.get(c + 1), line.length()) : line.length();
      cells.add(line.substring(from, to).trim());
    }
    return cells;
  }

  /** The first row whose {@code column} is exactly {@code value}. */
  public Optional<Map<String, String>> row(String column, String value) {
    return rows.stream().filter(r -> value.equals(r.get(column))).findFirst();
  }

  /** The values of one column, top to bottom. */
  public List<String> column(String column) {
    return rows.stream().map(r -> r.get(column)).toList();
  }
}
