package io.capstan.apiserver.openapi.v2;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.capstan.model.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A schema-less reader of protobuf messages for tests: fields by number, nested messages parsed
 * on demand, and the gnostic shapes ({@code Named*} lists, {@code NamedAny} vendor extensions).
 */
record Pb(UnknownFieldSet fields) {
  static final Pb EMPTY = new Pb(UnknownFieldSet.getDefaultInstance());

  static Pb of(byte[] bytes) {
    try {
      return new Pb(UnknownFieldSet.parseFrom(bytes));
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not a protobuf message", e);
    }
  }

  static Pb of(ByteString bytes) {
    try {
      return new Pb(UnknownFieldSet.parseFrom(bytes));
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError("not a protobuf message", e);
    }
  }

  boolean has(int field) {
    return fields.hasField(field);
  }

  private List<ByteString> delimited(int field) {
    return has(field) ? fields.getField(field).getLengthDelimitedList() : List.of();
  }

  /** The first value of a string field, "" when absent. */
  String str(int field) {
    List<ByteString> v = delimited(field);
    return v.isEmpty() ? "" : v.get(0).toStringUtf8();
  }

  List<String> strs(int field) {
    List<String> out = new ArrayList<>();
    for (ByteString b : delimited(field)) out.add(b.toStringUtf8());
    return out;
  }

  /** The first value of a message field, {@link #EMPTY} when absent. */
  Pb msg(int field) {
    List<ByteString> v = delimited(field);
    return v.isEmpty() ? EMPTY : of(v.get(0));
  }

  List<Pb> msgs(int field) {
    List<Pb> out = new ArrayList<>();
    for (ByteString b : delimited(field)) out.add(of(b));
    return out;
  }

  boolean bool(int field) {
    return has(field) && fields.getField(field).getVarintList().get(0) != 0;
  }

  long varint(int field) {
    return has(field) ? fields.getField(field).getVarintList().get(0) : 0;
  }

  double dbl(int field) {
    return has(field) ? Double.longBitsToDouble(fields.getField(field).getFixed64List().get(0)) : 0;
  }

  /** A repeated {@code Named*} field (1): name (1) → value message (2), in order. */
  Map<String, Pb> named(int field) {
    Map<String, Pb> out = new LinkedHashMap<>();
    for (Pb n : msgs(field)) out.put(n.str(1), n.msg(2));
    return out;
  }

  /** Repeated {@code NamedAny} vendor extensions: name → the Any's yaml (2). */
  Map<String, String> extensions(int field) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Pb n : msgs(field)) out.put(n.str(1), n.msg(2).str(2));
    return out;
  }

  /** An extension's value, read as kubectl does (YAML; ours is JSON text). */
  JsonNode extension(int field, String name) {
    String yaml = extensions(field).get(name);
    return yaml == null ? null : Json.MAPPER.readTree(yaml);
  }
}
