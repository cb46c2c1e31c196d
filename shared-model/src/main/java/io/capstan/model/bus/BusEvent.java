package io.capstan.model.bus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * One record value on the watch bus: {@code {"type":…,"revision":…,"key":…,"object":…}}.
 *
 * <p>{@code object} is the stored value exactly as etcd holds it (for DELETED, the value before
 * the delete), so a consumer caches the same bytes a LIST from etcd returns. The stored value is
 * embedded as JSON when it is a JSON object and otherwise carried base64 in {@code data}
 * (encrypted-at-rest values are not JSON). {@code revision} is the etcd revision of the change,
 * which is the object's resourceVersion. A RESYNC marker carries no key or object: the relay could
 * not continue from its position, so consumers must relist.
 */
public record BusEvent(Type type, long revision, String key, byte[] object) {
  public enum Type { ADDED, MODIFIED, DELETED, RESYNC }

  private static final JsonFactory JSON = new JsonFactory();

  public static BusEvent resync(long revision) {
    return new BusEvent(Type.RESYNC, revision, null, null);
  }

  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + (object == null ? 0 : object.length));
    write(out, "{\"type\":\"" + type + "\",\"revision\":" + revision);
    if (key != null) {
      write(out, ",\"key\":");
      write(out, quote(key));
    }
    if (object != null) {
      if (isJsonObject(object)) {
        write(out, ",\"object\":");
        out.writeBytes(object);
      } else {
        write(out, ",\"data\":\"" + Base64.getEncoder().encodeToString(object) + "\"");
      }
    }
    write(out, "}");
    return out.toByteArray();
  }

  /** Decodes a record value; the embedded object comes back as the exact bytes that were encoded. */
  public static BusEvent decode(byte[] value) {
    Type type = null;
    long revision = 0;
    String key = null;
    byte[] object = null;
    try (JsonParser p = JSON.createParser(ObjectReadContext.empty(), value)) {
      if (p.nextToken() != JsonToken.START_OBJECT) throw new IllegalArgumentException("bus event is not a JSON object");
      while (p.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = p.currentName();
        JsonToken t = p.nextToken();
        switch (field) {
          case "type" -> type = Type.valueOf(p.getString());
          case "revision" -> revision = p.getLongValue();
          case "key" -> key = p.getString();
          case "data" -> object = Base64.getDecoder().decode(p.getString());
          case "object" -> {
            if (t != JsonToken.START_OBJECT) throw new IllegalArgumentException("bus event object is not a JSON object");
            int start = (int) p.currentTokenLocation().getByteOffset();
            p.skipChildren();
            int end = (int) p.currentLocation().getByteOffset();
            object = java.util.Arrays.copyOfRange(value, start, end);
          }
          default -> p.skipChildren();
        }
      }
    }
    if (type == null) throw new IllegalArgumentException("bus event has no type");
    return new BusEvent(type, revision, key, object);
  }

  private static boolean isJsonObject(byte[] b) {
    for (byte c : b) {
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
      return c == '{';
    }
    return false;
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.append('"').toString();
  }

  private static void write(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }
}
