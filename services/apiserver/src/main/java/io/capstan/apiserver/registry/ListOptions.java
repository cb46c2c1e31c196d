package io.capstan.apiserver.registry;

import java.util.function.Predicate;
import tools.jackson.databind.node.ObjectNode;

/**
 * A list request after parsing: {@code filter} is the label and field selector together,
 * {@code limit} 0 means everything, {@code continueToken} resumes an earlier page, and
 * {@code anyVersion} ({@code resourceVersion=0}) lets the watch cache answer from memory, where
 * as in Kubernetes the limit is ignored.
 */
public record ListOptions(Predicate<ObjectNode> filter, long limit, String continueToken, boolean anyVersion) {
  public ListOptions(Predicate<ObjectNode> filter, long limit, String continueToken) {
    this(filter, limit, continueToken, false);
  }

  public static ListOptions all() {
    return new ListOptions(o -> true, 0, null);
  }
}
