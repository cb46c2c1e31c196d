package io.capstan.apiserver.openapi.v2;

import io.capstan.model.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves {@code GET /openapi/v2} (and the older {@code /swagger-2.0.0.pb-v1}) like Kubernetes:
 * the gnostic protobuf for {@code Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf}
 * (what kubectl 1.27 and older fetch for apply, create/replace validation, edit and explain),
 * JSON for {@code application/json} or no preference, with an ETag, {@code If-None-Match} and gzip.
 * Protobuf is returned as {@code application/com.github.proto-openapi.spec.v2.v1.0+protobuf}
 * whichever spelling was asked for, as kube-openapi's handler does.
 *
 * <p>The response is written directly: the protobuf media type's {@code @} is not a token
 * character, so Spring's content negotiation would reject kubectl's Accept header.
 */
@RestController
public class OpenApiV2Controller {
  public static final String PROTOBUF = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
  /** The same type as some clients spell it (kube-openapi accepts both). */
  static final String PROTOBUF_DOTTED = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
  static final String JSON = "application/json";

  private final OpenApiV2Document document;

  public OpenApiV2Controller(OpenApiV2Document document) {
    this.document = document;
  }

  @GetMapping("/openapi/v2")
  public void openapi(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    String type = negotiate(req.getHeader("Accept"));
    if (type == null) {
      throw new ApiException(406, "NotAcceptable", "only the following media types are accepted: "
          + JSON + ", " + PROTOBUF + ", " + PROTOBUF_DOTTED);
    }
    write(req, resp, type);
  }

  /** The pre-1.10 protobuf location, always protobuf. */
  @GetMapping("/swagger-2.0.0.pb-v1")
  public void legacyProtobuf(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    write(req, resp, PROTOBUF);
  }

  private void write(HttpServletRequest req, HttpServletResponse resp, String type) throws IOException {
    OpenApiV2Document.Snapshot s = document.current();
    resp.setHeader("Vary", "Accept, Accept-Encoding");
    resp.setHeader("ETag", s.etag());
    resp.setHeader("Cache-Control", "no-cache, private");
    String ifNoneMatch = req.getHeader("If-None-Match");
    if (ifNoneMatch != null && (ifNoneMatch.equals(s.etag()) || ifNoneMatch.equals("*"))) {
      resp.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    boolean protobuf = !type.equals(JSON);
    boolean gzip = acceptsGzip(req.getHeader("Accept-Encoding"));
    byte[] body = protobuf ? (gzip ? s.protobufGzip() : s.protobuf()) : (gzip ? s.jsonGzip() : s.json());
    resp.setStatus(HttpServletResponse.SC_OK);
    // Kubernetes answers either spelling with the dotted one: Go's mime parser rejects the '@'.
    resp.setContentType(protobuf ? PROTOBUF_DOTTED : JSON);
    if (gzip) resp.setHeader("Content-Encoding", "gzip");
    resp.setContentLength(body.length);
    resp.getOutputStream().write(body);
  }

  /**
   * The media type to answer an Accept header with: the protobuf type, {@link #JSON}, or null
   * when nothing acceptable is asked for. The highest quality wins, the earliest on a tie; no
   * header means JSON.
   */
  static String negotiate(String accept) {
    if (accept == null || accept.isBlank()) return JSON;
    String best = null;
    double bestQ = 0;
    for (String clause : accept.split(",")) {
      String[] parts = clause.split(";");
      String media = parts[0].trim().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.startsWith("q=")) {
          try {
            q = Double.parseDouble(p.substring(2).trim());
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      String type = switch (media) {
        case PROTOBUF, PROTOBUF_DOTTED -> PROTOBUF;
        case JSON, "application/*", "*/*", "*" -> JSON;
        default -> null;
      };
      if (type != null && q > bestQ) {
        best = type;
        bestQ = q;
      }
    }
    return best;
  }

  static boolean acceptsGzip(String acceptEncoding) {
    if (acceptEncoding == null) return false;
    for (String clause : acceptEncoding.split(",")) {
      String[] parts = clause.split(";");
      if (!parts[0].trim().equalsIgnoreCase("gzip")) continue;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim().replace(" ", "");
        if (p.equals("q=0") || p.equals("q=0.0") || p.equals("q=0.00") || p.equals("q=0.000")) return false;
      }
      return true;
    }
    return false;
  }
}
