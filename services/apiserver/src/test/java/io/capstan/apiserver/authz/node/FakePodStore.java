package io.capstan.apiserver.authz.node;

import io.capstan.client.informer.Store;
import io.capstan.model.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** Pods held in a list, answering the Node authorizer's index by node name. */
public final class FakePodStore implements Store<ObjectNode> {
  private final List<ObjectNode> pods = new ArrayList<>();

  /** Adds a pod from its JSON. */
  public FakePodStore add(String json) {
    pods.add((ObjectNode) Json.MAPPER.readTree(json));
    return this;
  }

  private static String key(ObjectNode p) {
    return p.path("metadata").path("namespace").asString("") + "/" + p.path("metadata").path("name").asString("");
  }

  @Override
  public Optional<ObjectNode> get(String key) {
    return pods.stream().filter(p -> key(p).equals(key)).findFirst();
  }

  @Override
  public List<ObjectNode> list() {
    return List.copyOf(pods);
  }

  @Override
  public List<String> keys() {
    return pods.stream().map(FakePodStore::key).toList();
  }

  @Override
  public List<ObjectNode> byIndex(String indexName, String value) {
    if (!NodeAuthorizer.BY_NODE.equals(indexName)) throw new IllegalArgumentException(indexName);
    return pods.stream().filter(p -> value.equals(p.path("spec").path("nodeName").asString(""))).toList();
  }

  @Override
  public int size() {
    return pods.size();
  }
}
