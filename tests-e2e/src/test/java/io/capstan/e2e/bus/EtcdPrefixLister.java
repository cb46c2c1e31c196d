package io.capstan.e2e.bus;

import io.capstan.client.bus.RawObject;
import io.capstan.client.informer.ListSource;
import io.capstan.client.informer.Snapshot;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An informer's LIST read straight from etcd: every key under one prefix in a single range read,
 * so all items and the snapshot revision come from one etcd revision (the response header's).
 * Each item's revision is its {@code mod_revision}, the object's resourceVersion.
 */
final class EtcdPrefixLister implements ListSource<RawObject> {
  private final KV kv;
  private final String prefix;

  EtcdPrefixLister(KV kv, String prefix) {
    this.kv = kv;
    this.prefix = prefix;
  }

  @Override
  public Snapshot<RawObject> list() throws Exception {
    GetResponse r = kv.get(bytes(prefix), GetOption.builder().isPrefix(true).build()).get(30, TimeUnit.SECONDS);
    List<RawObject> items = new ArrayList<>(r.getKvs().size());
    for (KeyValue kv : r.getKvs()) {
      items.add(new RawObject(kv.getKey().toString(StandardCharsets.UTF_8), kv.getValue().getBytes(), kv.getModRevision()));
    }
    return new Snapshot<>(items, r.getHeader().getRevision());
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }
}
