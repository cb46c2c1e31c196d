package io.capstan.apiserver.protobuf;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.capstan.apiserver.protobuf.KubeProtoSchema.GoField;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts a Kubernetes protobuf message to the JSON that Go's {@code encoding/json} would write for
 * the same Go struct, with two deliberate differences: empty non-pointer structs with
 * {@code omitempty} are left out instead of written as {@code {}}, and zero times are left out
 * instead of written as {@code null}.
 *
 * <p>Go writes every non-pointer field into protobuf, empty or not, so presence on the wire says
 * nothing for those; the Go field table decides: pointer fields are written when present (so
 * {@code replicas: 0} survives), plain {@code omitempty} fields only when non-zero, fields without
 * omitempty always.
 */
final class ProtoJson {

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final String RUNTIME = "k8s.io.apimachinery.pkg.runtime.";
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter RFC3339_MICRO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
  /** Go's zero {@code time.Time}, 0001-01-01T00:00:00Z, in Unix seconds. */
  private static final long GO_ZERO_TIME = -62135596800L;

  private final KubeProtoSchema schema;

  ProtoJson(KubeProtoSchema schema) {
    this.schema = schema;
  }

  /** Writes the fields of an object message into {@code out}. */
  void fields(Message m, ObjectNode out) {
    checkWireTypes(m);
    for (FieldDescriptor f : m.getDescriptorForType().getFields()) {
      GoField go = schema.go(f);
      String name = go.jsonName() != null ? go.jsonName() : f.getName();
      if (f.isMapField()) {
        @SuppressWarnings("unchecked")
        List<Message> entries = (List<Message>) m.getField(f);
        if (entries.isEmpty()) {
          continue;
        }
        FieldDescriptor key = f.getMessageType().findFieldByNumber(1);
        FieldDescriptor value = f.getMessageType().findFieldByNumber(2);
        ObjectNode map = F.objectNode();
        for (Message e : entries) {
          map.set(String.valueOf(e.getField(key)), element(value, e.getField(value)));
        }
        out.set(name, map);
      } else if (f.isRepeated()) {
        int n = m.getRepeatedFieldCount(f);
        if (n == 0) {
          continue;
        }
        ArrayNode arr = F.arrayNode();
        for (int i = 0; i < n; i++) {
          arr.add(element(f, m.getRepeatedField(f, i)));
        }
        out.set(name, arr);
      } else if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        if (go.pointer() && !m.hasField(f)) {
          continue;
        }
        Message child = (Message) m.getField(f);
        if (go.inline()) {
          JsonNode v = value(child);
          if (v instanceof ObjectNode o) {
            out.setAll(o);
          }
          continue;
        }
        JsonNode v = value(child);
        if (v == null || (!go.pointer() && !go.required() && isEmpty(v))) {
          continue;
        }
        out.set(name, v);
      } else {
        if (go.pointer() && !m.hasField(f)) {
          continue;
        }
        Object v = m.getField(f);
        if (!go.pointer() && !go.required() && isZero(v)) {
          continue;
        }
        out.set(name, scalar(f, v));
      }
    }
  }

  /** An element of a list or a map value: always written, even when empty. */
  private JsonNode element(FieldDescriptor f, Object v) {
    if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      JsonNode j = value((Message) v);
      return j == null ? F.nullNode() : j;
    }
    return scalar(f, v);
  }

  /** The JSON of a message value; null where Go writes null (zero times, empty raw JSON). */
  JsonNode value(Message m) {
    checkWireTypes(m);
    String type = m.getDescriptorForType().getFullName();
    switch (type) {
      case KubeProtoSchema.META + "Time":
        return time(m, false);
      case KubeProtoSchema.META + "MicroTime":
        return time(m, true);
      case KubeProtoSchema.META + "Duration":
        return F.stringNode(goDuration((Long) m.getField(field(m, "duration"))));
      case KubeProtoSchema.META + "FieldsV1":
        return rawJson((ByteString) m.getField(field(m, "Raw")), type);
      case RUNTIME + "RawExtension":
        return rawJson((ByteString) m.getField(field(m, "raw")), type);
      case "k8s.io.apimachinery.pkg.util.intstr.IntOrString":
        return ((Long) m.getField(field(m, "type"))) == 1L
            ? F.stringNode((String) m.getField(field(m, "strVal")))
            : F.numberNode((Integer) m.getField(field(m, "intVal")));
      case "k8s.io.apimachinery.pkg.api.resource.Quantity":
        return F.stringNode((String) m.getField(field(m, "string")));
      case KubeProtoSchema.META + "Verbs":
      case "k8s.io.api.authentication.v1.ExtraValue":
      case "k8s.io.api.authorization.v1.ExtraValue":
      case "k8s.io.api.certificates.v1.ExtraValue": {
        // Go: type ExtraValue []string
        ArrayNode arr = F.arrayNode();
        FieldDescriptor items = field(m, "items");
        for (int i = 0; i < m.getRepeatedFieldCount(items); i++) {
          arr.add((String) m.getRepeatedField(items, i));
        }
        return arr;
      }
      default:
        ObjectNode o = F.objectNode();
        fields(m, o);
        return o;
    }
  }

  /**
   * Java's parser keeps a known field with the wrong wire type as an unknown field; Go rejects it
   * ("proto: wrong wireType"). Unknown field numbers are skipped, as Go does.
   */
  private static void checkWireTypes(Message m) {
    if (m.getUnknownFields().asMap().isEmpty()) {
      return;
    }
    for (int number : m.getUnknownFields().asMap().keySet()) {
      FieldDescriptor known = m.getDescriptorForType().findFieldByNumber(number);
      if (known != null) {
        throw ApiException.badRequest("the protobuf body is malformed: wrong wire type for field "
            + known.getName() + " of " + m.getDescriptorForType().getName());
      }
    }
  }

  private static FieldDescriptor field(Message m, String name) {
    return m.getDescriptorForType().findFieldByName(name);
  }

  private static JsonNode time(Message m, boolean micro) {
    FieldDescriptor seconds = field(m, "seconds");
    FieldDescriptor nanos = field(m, "nanos");
    // Go marshals a zero time as an empty message
    if (!m.hasField(seconds) && !m.hasField(nanos)) {
      return null;
    }
    long s = (Long) m.getField(seconds);
    int n = (Integer) m.getField(nanos);
    if (s == GO_ZERO_TIME && n == 0) {
      return null;
    }
    // metav1.Time keeps whole seconds only (its Unmarshal drops the nanos); MicroTime keeps µs
    Instant t = Instant.ofEpochSecond(s, micro ? n : 0);
    return F.stringNode((micro ? RFC3339_MICRO : RFC3339).format(t));
  }

  /**
   * RawExtension and FieldsV1 carry JSON (Go's MarshalJSON writes the bytes verbatim); anything
   * else, nested protobuf included, is refused rather than written out as garbage.
   */
  private static JsonNode rawJson(ByteString raw, String type) {
    if (raw.isEmpty()) {
      return null;
    }
    try {
      return Json.MAPPER.readTree(raw.toByteArray());
    } catch (JacksonException e) {
      throw ApiException.badRequest("the protobuf body has a " + type.substring(type.lastIndexOf('.') + 1)
          + " that is not JSON: " + e.getOriginalMessage());
    }
  }

  private static JsonNode scalar(FieldDescriptor f, Object v) {
    return switch (f.getJavaType()) {
      case INT -> F.numberNode((Integer) v);
      // as Jackson parses JSON: an int node when the value fits, so trees compare equal
      case LONG -> (Long) v == ((Long) v).intValue() ? F.numberNode(((Long) v).intValue()) : F.numberNode((Long) v);
      case FLOAT -> F.numberNode((Float) v);
      case DOUBLE -> F.numberNode((Double) v);
      case BOOLEAN -> F.booleanNode((Boolean) v);
      case STRING -> F.stringNode((String) v);
      case BYTE_STRING -> F.stringNode(Base64.getEncoder().encodeToString(((ByteString) v).toByteArray()));
      case ENUM -> F.stringNode(((com.google.protobuf.Descriptors.EnumValueDescriptor) v).getName());
      case MESSAGE -> throw new IllegalArgumentException("not a scalar: " + f.getFullName());
    };
  }

  private static boolean isZero(Object v) {
    if (v instanceof Number n) {
      return n.doubleValue() == 0;
    }
    if (v instanceof Boolean b) {
      return !b;
    }
    if (v instanceof String s) {
      return s.isEmpty();
    }
    if (v instanceof ByteString b) {
      return b.isEmpty();
    }
    return false;
  }

  /** What omitempty leaves out; applied to structs too (Go writes those, see the class comment). */
  private static boolean isEmpty(JsonNode v) {
    if (v.isObject() || v.isArray()) {
      return v.isEmpty();
    }
    if (v.isString()) {
      return v.stringValue().isEmpty();
    }
    if (v.isNumber()) {
      return v.doubleValue() == 0;
    }
    return false;
  }

  /** Go's {@code time.Duration.String()}: "1h2m3.5s", "1.5ms", "0s". */
  static String goDuration(long d) {
    if (d == 0) {
      return "0s";
    }
    boolean neg = d < 0;
    long u = neg ? -d : d; // Long.MIN_VALUE stays negative: treated as unsigned below
    StringBuilder sb = new StringBuilder();
    if (Long.compareUnsigned(u, 1_000_000_000L) < 0) {
      String unit;
      int prec;
      if (u < 1_000L) {
        unit = "ns";
        prec = 0;
      } else if (u < 1_000_000L) {
        unit = "µs";
        prec = 3;
      } else {
        unit = "ms";
        prec = 6;
      }
      long[] r = fraction(u, prec);
      sb.append(r[0]).append(fractionDigits(r[1], prec)).append(unit);
    } else {
      long[] r = fraction(u, 9);
      long secs = r[0];
      String frac = fractionDigits(r[1], 9);
      long s = Long.remainderUnsigned(secs, 60);
      long mins = Long.divideUnsigned(secs, 60);
      String out = s + frac + "s";
      if (mins > 0) {
        out = (mins % 60) + "m" + out;
        long hours = mins / 60;
        if (hours > 0) {
          out = hours + "h" + out;
        }
      }
      sb.append(out);
    }
    return (neg ? "-" : "") + sb;
  }

  /** {quotient, remainder} of v / 10^prec, unsigned. */
  private static long[] fraction(long v, int prec) {
    long p = 1;
    for (int i = 0; i < prec; i++) {
      p *= 10;
    }
    return new long[] {Long.divideUnsigned(v, p), Long.remainderUnsigned(v, p)};
  }

  private static String fractionDigits(long rem, int prec) {
    if (prec == 0 || rem == 0) {
      return "";
    }
    String digits = String.format("%0" + prec + "d", rem);
    int end = digits.length();
    while (end > 0 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return "." + digits.substring(0, end);
  }
}
