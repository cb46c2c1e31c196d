package io.capstan.nodeagent.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 request on its own connection: the node API answers one exchange per connection
 * and closes it, which keeps upgrades (exec, attach, port-forward) simple: after a 101 the
 * socket belongs to the handler.
 */
final class NodeRequest {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  final String method;
  final String path;
  private final Map<String, List<String>> query;
  private final Map<String, String> headers;
  private boolean answered;

  private NodeRequest(Socket socket, InputStream in, OutputStream out, String method, String path,
      Map<String, List<String>> query, Map<String, String> headers) {
    this.socket = socket;
    this.in = in;
    this.out = out;
    this.method = method;
    this.path = path;
    this.query = query;
    this.headers = headers;
  }

  /** Reads the request line and headers; null if the peer closed first. Malformed input is an IOException. */
  static NodeRequest read(Socket socket, InputStream in, OutputStream out) throws IOException {
    String line = line(in);
    if (line == null) return null;
    String[] parts = line.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) throw new IOException("bad request line: " + line);
    Map<String, String> headers = new LinkedHashMap<>();
    String h;
    while ((h = line(in)) != null && !h.isEmpty()) {
      int colon = h.indexOf(':');
      if (colon <= 0) throw new IOException("bad header: " + h);
      headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(),
          (a, b) -> a + ", " + b);
      if (headers.size() > 100) throw new IOException("too many headers");
    }
    String target = parts[1];
    int q = target.indexOf('?');
    String path = URLDecoder.decode(q < 0 ? target : target.substring(0, q), StandardCharsets.UTF_8);
    return new NodeRequest(socket, in, out, parts[0], path, query(q < 0 ? "" : target.substring(q + 1)), headers);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') break;
      if (b.size() > 16384) throw new IOException("request line or header too long");
      b.write(c);
    }
    if (c == -1 && b.size() == 0) return null;
    String s = b.toString(StandardCharsets.ISO_8859_1);
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  private static Map<String, List<String>> query(String raw) {
    Map<String, List<String>> q = new LinkedHashMap<>();
    if (raw.isEmpty()) return q;
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) continue;
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    return q;
  }

  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  /** The first value of a query parameter, or null. */
  String param(String name) {
    List<String> v = query.get(name);
    return v == null ? null : v.get(0);
  }

  List<String> params(String name) {
    return query.getOrDefault(name, List.of());
  }

  Map<String, String> firstParams() {
    Map<String, String> m = new LinkedHashMap<>();
    query.forEach((k, v) -> m.put(k, v.get(0)));
    return m;
  }

  /** As the kubelet reads booleans: {@code 1}, {@code true} (any case); a bare flag counts. */
  boolean flag(String name) {
    String v = param(name);
    return v != null && (v.isEmpty() || v.equals("1") || Boolean.parseBoolean(v));
  }

  InetAddress remoteAddress() {
    return socket.getInetAddress();
  }

  Socket socket() {
    return socket;
  }

  InputStream input() {
    return in;
  }

  OutputStream output() {
    return out;
  }

  boolean answered() {
    return answered;
  }

  void reply(int code, String text) throws IOException {
    reply(code, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  void reply(int code, String contentType, byte[] body) throws IOException {
    head(code, Map.of("Content-Type", contentType, "Content-Length", Integer.toString(body.length)));
    out.write(body);
    out.flush();
  }

  /** Sends the status line and headers (plus {@code Connection: close} unless upgrading). */
  void head(int code, Map<String, String> fields) throws IOException {
    if (answered) throw new IllegalStateException("already answered");
    answered = true;
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(code).append(' ').append(reason(code)).append("\r\n");
    fields.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    if (code != 101) sb.append("Connection: close\r\n");
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** A body of unknown length, delimited by closing the connection (followed logs). */
  OutputStream stream(int code, String contentType) throws IOException {
    head(code, Map.of("Content-Type", contentType));
    return out;
  }

  private static String reason(int code) {
    return switch (code) {
      case 101 -> "Switching Protocols";
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 500 -> "Internal Server Error";
      case 503 -> "Service Unavailable";
      default -> "Status";
    };
  }
}
