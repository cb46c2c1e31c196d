package io.capstan.client.informer;

import java.util.Map;

record Item(String namespace, String name, long revision, Map<String, String> labels) {
  static Item of(String ns, String name, long rev) {
    return new Item(ns, name, rev, Map.of());
  }

  static final ObjectAccess<Item> ACCESS = new ObjectAccess<>() {
    @Override
    public String key(Item o) {
      return o.namespace() + "/" + o.name();
    }

    @Override
    public long revision(Item o) {
      return o.revision();
    }

    @Override
    public String namespace(Item o) {
      return o.namespace();
    }

    @Override
    public Map<String, String> labels(Item o) {
      return o.labels();
    }
  };
}
