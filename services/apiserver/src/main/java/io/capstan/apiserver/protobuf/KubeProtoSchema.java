package io.capstan.apiserver.protobuf;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.RuntimeSchema;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Admissionregistration;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Autoscaling;
import io.kubernetes.client.proto.V1Batch;
import io.kubernetes.client.proto.V1Certificates;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import io.kubernetes.client.proto.V1Rbac;
import io.kubernetes.client.proto.V1Scheduling;
import io.kubernetes.client.proto.V1Storage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The protobuf schema of the Kubernetes API as Capstan decodes it: the descriptors of
 * client-java-proto's generated classes, patched to the release of {@link KubeSchemaData}, plus
 * Go's JSON rules per field and the table (apiVersion, kind) → message.
 *
 * <p>client-java-proto 22.0.1 was generated from an older Kubernetes (about 1.30): it has no
 * coordination, discovery, events, node or flowcontrol group, lacks fields kubectl 1.32 may send
 * (e.g. {@code PodSecurityContext.supplementalGroupsPolicy}, {@code VolumeSource.image}) and still
 * has the pre-1.31 {@code PodResourceClaim.source}. Parsing with its classes would silently drop
 * such fields, so the messages are parsed as {@code DynamicMessage}s of the patched descriptors.
 */
final class KubeProtoSchema {

  /** Go's JSON encoding of one protobuf field. */
  record GoField(boolean pointer, boolean required, boolean inline, String jsonName) {
    static final GoField DEFAULT = new GoField(false, false, false, null);
  }

  static final String META = "k8s.io.apimachinery.pkg.apis.meta.v1.";

  /** The meta.k8s.io option kinds that clients send under the group version of the resource. */
  private static final Set<String> OPTION_KINDS =
      Set.of("DeleteOptions", "CreateOptions", "UpdateOptions", "PatchOptions");

  private static final KubeProtoSchema INSTANCE = new KubeProtoSchema();

  static KubeProtoSchema get() {
    return INSTANCE;
  }

  private final Map<String, FileDescriptor> files = new LinkedHashMap<>();
  private final Map<String, Descriptor> messages = new HashMap<>();
  private final Map<String, Descriptor> kinds = new TreeMap<>();
  private final Map<String, Map<String, GoField>> goFields = new HashMap<>();

  private KubeProtoSchema() {
    buildDescriptors();
    parseGoFields();
    buildKinds();
  }

  /** The outer classes of client-java-proto whose messages Capstan decodes, dependencies first. */
  static List<FileDescriptor> libraryFiles() {
    return List.of(IntStr.getDescriptor(), Resource.getDescriptor(), Runtime.getDescriptor(),
        RuntimeSchema.getDescriptor(), Meta.getDescriptor(), V1.getDescriptor(), V1Apps.getDescriptor(),
        V1Authentication.getDescriptor(), V1Authorization.getDescriptor(), V1Autoscaling.getDescriptor(),
        V1Batch.getDescriptor(), V1Certificates.getDescriptor(), V1Networking.getDescriptor(),
        V1Policy.getDescriptor(), V1Rbac.getDescriptor(), V1Scheduling.getDescriptor(),
        V1Storage.getDescriptor(), V1Admissionregistration.getDescriptor());
  }

  // ---------------------------------------------------------------- descriptors

  private void buildDescriptors() {
    Map<String, FileDescriptorProto.Builder> byPackage = new LinkedHashMap<>();
    List<String> baseFiles = new ArrayList<>();
    for (FileDescriptor fd : libraryFiles()) {
      byPackage.put(fd.getPackage(), fd.toProto().toBuilder());
      baseFiles.add(fd.getName());
    }
    for (String line : KubeSchemaData.PATCH.strip().split("\n")) {
      String[] p = line.strip().split(" ");
      String msg = "k8s.io." + p[1];
      int dot = msg.lastIndexOf('.');
      String pkg = msg.substring(0, dot);
      String simple = msg.substring(dot + 1);
      FileDescriptorProto.Builder file = byPackage.computeIfAbsent(pkg, k -> newFile(k, baseFiles));
      switch (p[0]) {
        case "+" -> file.addMessageType(DescriptorProto.newBuilder().setName(simple));
        case "f" -> addField(pkg, message(file, simple), Integer.parseInt(p[2]), p[3], p[4], p[5]);
        case "-" -> {
          DescriptorProto.Builder m = message(file, simple);
          for (int i = 0; i < m.getFieldCount(); i++) {
            if (m.getField(i).getName().equals(p[2])) {
              m.removeField(i);
              break;
            }
          }
        }
        default -> throw new IllegalStateException("bad patch line " + line);
      }
    }
    Map<String, FileDescriptorProto> protos = new LinkedHashMap<>();
    byPackage.values().forEach(b -> protos.put(b.getName(), b.build()));
    for (FileDescriptorProto proto : protos.values()) {
      build(proto, protos);
    }
    for (FileDescriptor fd : files.values()) {
      for (Descriptor d : fd.getMessageTypes()) {
        messages.put(d.getFullName(), d);
      }
    }
  }

  private static FileDescriptorProto.Builder newFile(String pkg, List<String> deps) {
    // k8s.io.api.coordination.v1 → k8s.io/api/coordination/v1/generated.proto
    String path = pkg.startsWith("k8s.io.api.")
        ? "k8s.io/api/" + pkg.substring("k8s.io.api.".length()).replace('.', '/')
        : pkg.replace('.', '/');
    return FileDescriptorProto.newBuilder().setName(path + "/generated.proto").setPackage(pkg)
        .addAllDependency(deps.stream().filter(d -> !d.startsWith("k8s.io/api/") || d.equals(
            "k8s.io/api/core/v1/generated.proto")).toList());
  }

  private static DescriptorProto.Builder message(FileDescriptorProto.Builder file, String name) {
    for (DescriptorProto.Builder m : file.getMessageTypeBuilderList()) {
      if (m.getName().equals(name)) {
        return m;
      }
    }
    throw new IllegalStateException("no message " + name + " in " + file.getPackage());
  }

  private static void addField(String pkg, DescriptorProto.Builder msg, int number, String name, String label,
      String type) {
    FieldDescriptorProto.Builder f = FieldDescriptorProto.newBuilder().setName(name).setNumber(number)
        .setJsonName(name);
    if (label.equals("map")) {
      String[] kv = type.split(",");
      String entry = Character.toUpperCase(name.charAt(0)) + name.substring(1) + "Entry";
      DescriptorProto.Builder e = DescriptorProto.newBuilder().setName(entry)
          .setOptions(MessageOptions.newBuilder().setMapEntry(true));
      e.addField(typed(FieldDescriptorProto.newBuilder().setName("key").setNumber(1).setJsonName("key")
          .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL), kv[0]));
      e.addField(typed(FieldDescriptorProto.newBuilder().setName("value").setNumber(2).setJsonName("value")
          .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL), kv[1]));
      msg.addNestedType(e);
      f.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED).setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
          .setTypeName("." + pkg + "." + msg.getName() + "." + entry);
    } else {
      f.setLabel(label.equals("repeated") ? FieldDescriptorProto.Label.LABEL_REPEATED
          : FieldDescriptorProto.Label.LABEL_OPTIONAL);
      typed(f, type);
    }
    msg.addField(f);
  }

  private static FieldDescriptorProto.Builder typed(FieldDescriptorProto.Builder f, String type) {
    return switch (type) {
      case "string" -> f.setType(FieldDescriptorProto.Type.TYPE_STRING);
      case "int32" -> f.setType(FieldDescriptorProto.Type.TYPE_INT32);
      case "int64" -> f.setType(FieldDescriptorProto.Type.TYPE_INT64);
      case "bool" -> f.setType(FieldDescriptorProto.Type.TYPE_BOOL);
      case "bytes" -> f.setType(FieldDescriptorProto.Type.TYPE_BYTES);
      case "double" -> f.setType(FieldDescriptorProto.Type.TYPE_DOUBLE);
      case "float" -> f.setType(FieldDescriptorProto.Type.TYPE_FLOAT);
      default -> f.setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(".k8s.io." + type);
    };
  }

  private FileDescriptor build(FileDescriptorProto proto, Map<String, FileDescriptorProto> protos) {
    FileDescriptor done = files.get(proto.getName());
    if (done != null) {
      return done;
    }
    List<FileDescriptor> deps = new ArrayList<>();
    for (String dep : proto.getDependencyList()) {
      deps.add(build(protos.get(dep), protos));
    }
    try {
      FileDescriptor fd = FileDescriptor.buildFrom(proto, deps.toArray(new FileDescriptor[0]));
      files.put(proto.getName(), fd);
      return fd;
    } catch (DescriptorValidationException e) {
      throw new IllegalStateException("cannot build the protobuf schema of " + proto.getName(), e);
    }
  }

  // ---------------------------------------------------------------- Go JSON rules

  private void parseGoFields() {
    for (String line : KubeSchemaData.GO_FIELDS.strip().split("\n")) {
      String[] p = line.strip().split(" ");
      Map<String, GoField> fields = new HashMap<>();
      for (int i = 1; i < p.length; i++) {
        int colon = p[i].indexOf(':');
        String field = p[i].substring(0, colon);
        String flags = p[i].substring(colon + 1);
        int eq = flags.indexOf('=');
        String json = eq < 0 ? null : flags.substring(eq + 1);
        String f = eq < 0 ? flags : flags.substring(0, eq);
        fields.put(field, new GoField(f.contains("P"), f.contains("R"), f.contains("I"), json));
      }
      goFields.put("k8s.io." + p[0], fields);
    }
  }

  GoField go(FieldDescriptor field) {
    Map<String, GoField> fields = goFields.get(field.getContainingType().getFullName());
    GoField g = fields == null ? null : fields.get(field.getName());
    return g == null ? GoField.DEFAULT : g;
  }

  // ---------------------------------------------------------------- kinds

  private void buildKinds() {
    for (String line : KubeSchemaData.KINDS.strip().split("\n")) {
      String full = "k8s.io." + line.strip();
      Descriptor d = messages.get(full);
      if (d == null || full.startsWith("k8s.io.apimachinery.")) {
        continue;
      }
      kinds.put(apiVersion(d.getFile().getPackage()) + "/" + d.getName(), d);
    }
  }

  /** {@code k8s.io.api.apps.v1} → {@code apps/v1}; {@code k8s.io.api.core.v1} → {@code v1}. */
  static String apiVersion(String protoPackage) {
    String rest = protoPackage.substring("k8s.io.api.".length());
    int dot = rest.lastIndexOf('.');
    String group = rest.substring(0, dot);
    String version = rest.substring(dot + 1);
    String fullGroup = switch (group) {
      case "core" -> "";
      case "apps", "batch", "policy", "autoscaling" -> group;
      case "rbac" -> "rbac.authorization.k8s.io";
      case "flowcontrol" -> "flowcontrol.apiserver.k8s.io";
      default -> group + ".k8s.io";
    };
    return fullGroup.isEmpty() ? version : fullGroup + "/" + version;
  }

  /** The message of a kind, or null. Option kinds are accepted under any served group version. */
  Descriptor kind(String apiVersion, String kind) {
    Descriptor d = kinds.get(apiVersion + "/" + kind);
    if (d == null && OPTION_KINDS.contains(kind) && (apiVersion.equals("meta.k8s.io/v1") || servesVersion(apiVersion))) {
      d = messages.get(META + kind);
    }
    return d;
  }

  private boolean servesVersion(String apiVersion) {
    for (String k : kinds.keySet()) {
      if (k.startsWith(apiVersion + "/") && k.indexOf('/', apiVersion.length() + 1) < 0) {
        return true;
      }
    }
    return false;
  }

  /** apiVersion/kind → full message name, for tests and diagnostics. */
  Map<String, String> kindTable() {
    Map<String, String> out = new TreeMap<>();
    kinds.forEach((k, d) -> out.put(k, d.getFullName()));
    return Collections.unmodifiableMap(out);
  }

  Descriptor message(String fullName) {
    return messages.get(fullName);
  }
}
