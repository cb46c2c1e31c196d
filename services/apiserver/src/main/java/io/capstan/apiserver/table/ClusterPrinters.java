package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fields.age;
import static io.capstan.apiserver.table.Fields.name;
import static io.capstan.apiserver.table.Fields.num;
import static io.capstan.apiserver.table.Fields.str;

import io.capstan.apiserver.table.TableConvertor.Column;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

/** Rows of leases and priority classes (Kubernetes' printLease, printPriorityClass). */
final class ClusterPrinters {
  private ClusterPrinters() {}

  static TableConvertor leases(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.string("Holder", "holderIdentity contains the identity of the holder of a current lease."),
        Columns.age());
    return new KindConvertor(cols,
        (o, now) -> Arrays.asList(name(o), str(o, "spec.holderIdentity"), age(o, now)), clock);
  }

  static TableConvertor priorityClasses(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.integer("Value", "value represents the integer value of this priority class."),
        Columns.bool("Global-Default", "globalDefault specifies whether this PriorityClass should be considered "
            + "as the default priority for pods that do not have any priority class."),
        Columns.age(),
        Columns.string("PreemptionPolicy", "preemptionPolicy is the Policy for preempting pods with lower priority."));
    return new KindConvertor(cols, (o, now) -> Arrays.asList(name(o), num(o, "value"),
        Fields.bool(o, "globalDefault"), age(o, now), str(o, "preemptionPolicy")), clock);
  }
}
