package io.capstan.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why no node fits, worded as Kubernetes' {@code FitError.Error()}: "0/3 nodes are available:
 * 1 Insufficient cpu, 2 node(s) had untolerated taint {k: v}." — reasons counted over nodes and
 * sorted as strings — followed by the PreFilter or PostFilter message.
 */
public final class FitError {
  private final int numAllNodes;
  private final Map<String, Status> nodeStatuses;
  private final String preFilterMessage;
  private String postFilterMessage;

  public FitError(int numAllNodes, Map<String, Status> nodeStatuses, String preFilterMessage) {
    this.numAllNodes = numAllNodes;
    this.nodeStatuses = nodeStatuses;
    this.preFilterMessage = preFilterMessage;
  }

  public Map<String, Status> nodeStatuses() {
    return nodeStatuses;
  }

  public int numAllNodes() {
    return numAllNodes;
  }

  public void setPostFilterMessage(String message) {
    this.postFilterMessage = message;
  }

  public String message() {
    StringBuilder sb = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
    if (preFilterMessage != null && !preFilterMessage.isEmpty()) {
      sb.append(' ').append(preFilterMessage).append('.');
    } else {
      Map<String, Integer> counts = new TreeMap<>();
      for (Status s : nodeStatuses.values()) for (String r : s.reasons()) counts.merge(r, 1, Integer::sum);
      List<String> parts = new ArrayList<>();
      counts.forEach((reason, n) -> parts.add(n + " " + reason));
      parts.sort(null);
      if (!parts.isEmpty()) sb.append(' ').append(String.join(", ", parts)).append('.');
    }
    if (postFilterMessage != null && !postFilterMessage.isEmpty()) sb.append(' ').append(postFilterMessage).append('.');
    return sb.toString();
  }
}
