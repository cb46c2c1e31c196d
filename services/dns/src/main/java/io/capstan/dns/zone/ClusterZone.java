package io.capstan.dns.zone;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * An immutable view of the cluster's DNS records at one moment: the {@code <domain>} zone (services,
 * endpoints of headless services) and the reverse records of service and endpoint IPs. Names are
 * compared case-insensitively (dnsjava's {@link Name}). Built by {@link ZoneBuilder}; a new one
 * replaces the old after each batch of changes.
 */
public final class ClusterZone {
  private final Name origin;
  private final Map<Name, Map<Integer, List<Record>>> records;
  private final Set<Name> names;

  ClusterZone(Name origin, Map<Name, Map<Integer, List<Record>>> records) {
    this.origin = origin;
    this.records = records;
    Set<Name> all = new HashSet<>();
    for (Name n : records.keySet()) {
      // Every ancestor inside the zone exists too (an empty non-terminal answers NODATA, not NXDOMAIN).
      Name a = n;
      while (a.subdomain(origin) && all.add(a) && a.labels() > origin.labels()) a = new Name(a, 1);
    }
    all.add(origin);
    this.names = all;
  }

  public static ClusterZone empty(Name origin) {
    return new ClusterZone(origin, new HashMap<>());
  }

  public Name origin() {
    return origin;
  }

  /** The records of {@code name} of {@code type} ({@link Type#ANY}: of every type), with their stored owner name. */
  public List<Record> lookup(Name name, int type) {
    Map<Integer, List<Record>> byType = records.get(name);
    if (byType == null) return List.of();
    if (type == Type.ANY) return byType.values().stream().flatMap(List::stream).toList();
    return byType.getOrDefault(type, List.of());
  }

  /** Whether {@code name} has any record or lies above one (inside the zone). */
  public boolean exists(Name name) {
    return names.contains(name);
  }

  /** A reverse (PTR) record for {@code name} exists, wherever it lies. */
  public boolean hasRecords(Name name) {
    return records.containsKey(name);
  }
}
