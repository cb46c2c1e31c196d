package io.capstan.apiserver.validation;

import io.capstan.model.Json;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Finds keys repeated within one JSON object, which a tree no longer shows (the last value wins).
 * Paths read like Kubernetes' strict decoder's: {@code spec.replicas}, {@code spec.containers[0].name}.
 */
final class DuplicateFields {
  private DuplicateFields() {}

  private static final class Frame {
    final String path;
    final boolean object;
    final Set<String> seen = new HashSet<>();
    String field;
    int index;

    Frame(String path, boolean object) {
      this.path = path;
      this.object = object;
    }

    String child() {
      if (object) return path.isEmpty() ? field : path + "." + field;
      return path + "[" + index + "]";
    }
  }

  /** Paths of repeated keys, in document order; empty for malformed JSON (decoding reports that). */
  static List<String> find(byte[] json) {
    List<String> out = new ArrayList<>();
    Deque<Frame> stack = new ArrayDeque<>();
    try (JsonParser p = Json.MAPPER.createParser(json)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        switch (t) {
          case START_OBJECT, START_ARRAY -> stack.push(
              new Frame(stack.isEmpty() ? "" : stack.peek().child(), t == JsonToken.START_OBJECT));
          case END_OBJECT, END_ARRAY -> {
            stack.pop();
            next(stack);
          }
          case PROPERTY_NAME -> {
            Frame f = stack.peek();
            f.field = p.currentName();
            if (!f.seen.add(f.field)) out.add(f.child());
          }
          default -> next(stack);
        }
      }
    } catch (JacksonException malformed) {
      return out;
    }
    return out;
  }

  private static void next(Deque<Frame> stack) {
    Frame f = stack.peek();
    if (f != null && !f.object) f.index++;
  }
}
