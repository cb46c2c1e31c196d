package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fields.age;
import static io.capstan.apiserver.table.Fields.has;
import static io.capstan.apiserver.table.Fields.list;
import static io.capstan.apiserver.table.Fields.name;
import static io.capstan.apiserver.table.Fields.node;
import static io.capstan.apiserver.table.Fields.orDefault;
import static io.capstan.apiserver.table.Fields.str;

import io.capstan.apiserver.table.TableConvertor.Column;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** Rows of persistent volumes and claims (Kubernetes' printPersistentVolume, printPersistentVolumeClaim). */
final class StoragePrinters {
  private StoragePrinters() {}

  private static final String BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

  static TableConvertor persistentVolumeClaims(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.string("Status", "phase represents the current phase of PersistentVolumeClaim."),
        Columns.string("Volume", "volumeName is the binding reference to the PersistentVolume backing this claim."),
        Columns.string("Capacity", "capacity represents the actual resources of the underlying volume."),
        Columns.string("Access Modes", "accessModes contains the actual access modes the volume backing the PVC has."),
        Columns.string("StorageClass", "StorageClass of the pvc"),
        Columns.string("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
        Columns.age(),
        Columns.wide("VolumeMode", "volumeMode defines what type of volume is required by the claim."));
    return new KindConvertor(cols, (o, now) -> {
      String volumeName = str(o, "spec.volumeName");
      String capacity = "";
      String accessModes = "";
      if (!volumeName.isEmpty()) {
        accessModes = accessModes(list(o, "status.accessModes"));
        capacity = quantity(node(o, "status.capacity"), "storage");
      }
      return Arrays.asList(name(o), phase(o), volumeName, capacity, accessModes, storageClass(o),
          orDefault(str(o, "spec.volumeAttributesClassName"), "<unset>"), age(o, now),
          orDefault(str(o, "spec.volumeMode"), "<unset>"));
    }, clock);
  }

  static TableConvertor persistentVolumes(Clock clock) {
    List<Column> cols = List.of(Columns.name(),
        Columns.string("Capacity", "capacity is the description of the persistent volume's resources and capacity."),
        Columns.string("Access Modes", "accessModes contains all ways the volume can be mounted."),
        Columns.string("Reclaim Policy", "persistentVolumeReclaimPolicy defines what happens to a persistent "
            + "volume when released from its claim."),
        Columns.string("Status", "phase indicates if a volume is available, bound to a claim, or released by a claim."),
        Columns.string("Claim", "claimRef is part of a bi-directional binding between PersistentVolume and "
            + "PersistentVolumeClaim."),
        Columns.string("StorageClass", "StorageClass of the pv"),
        Columns.string("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
        Columns.string("Reason", "reason is a brief CamelCase string that describes any failure."),
        Columns.age(),
        Columns.wide("VolumeMode", "volumeMode defines if a volume is intended to be used with a formatted "
            + "filesystem or to remain in raw block state."));
    return new KindConvertor(cols, (o, now) -> {
      String claim = has(o, "spec.claimRef") ? str(o, "spec.claimRef.namespace") + "/" + str(o, "spec.claimRef.name") : "";
      return Arrays.asList(name(o), quantity(node(o, "spec.capacity"), "storage"),
          accessModes(list(o, "spec.accessModes")), str(o, "spec.persistentVolumeReclaimPolicy"), phase(o), claim,
          storageClass(o), orDefault(str(o, "spec.volumeAttributesClassName"), "<unset>"), str(o, "status.reason"),
          age(o, now), orDefault(str(o, "spec.volumeMode"), "<unset>"));
    }, clock);
  }

  private static String phase(JsonNode o) {
    return has(o, "metadata.deletionTimestamp") ? "Terminating" : str(o, "status.phase");
  }

  /** A quantity as stored; "0" when absent (the zero Quantity). */
  private static String quantity(JsonNode resources, String name) {
    JsonNode q = resources == null ? null : resources.get(name);
    return q == null || q.isNull() ? "0" : q.asString();
  }

  /** The beta annotation wins over spec.storageClassName, as in Kubernetes' helpers. */
  private static String storageClass(JsonNode o) {
    JsonNode annotations = node(o, "metadata.annotations");
    JsonNode beta = annotations == null ? null : annotations.get(BETA_STORAGE_CLASS_ANNOTATION);
    if (beta != null && !beta.isNull()) return beta.asString();
    return str(o, "spec.storageClassName");
  }

  /** Kubernetes' GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order. */
  static String accessModes(List<JsonNode> modes) {
    Set<String> set = new HashSet<>();
    for (JsonNode m : modes) set.add(m.asString());
    List<String> out = new ArrayList<>();
    if (set.contains("ReadWriteOnce")) out.add("RWO");
    if (set.contains("ReadOnlyMany")) out.add("ROX");
    if (set.contains("ReadWriteMany")) out.add("RWX");
    if (set.contains("ReadWriteOncePod")) out.add("RWOP");
    return String.join(",", out);
  }
}
