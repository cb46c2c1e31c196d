package io.capstan.apiserver.registry;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Items of one list page, the revision they were read at, and the token of the next page. */
public record ListResult(List<ObjectNode> items, long resourceVersion, String continueToken, Long remainingItemCount) {}
