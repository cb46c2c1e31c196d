package io.capstan.apiserver.openapi;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves {@code /openapi/v3} and {@code /openapi/v3/<group-version path>} like Kubernetes: a
 * request carrying the current hash may be cached forever, one carrying a stale hash is redirected
 * to the current URL. v2 (protobuf, read by kubectl 1.27) is served by openapi.v2.OpenApiV2Controller.
 */
@RestController
public class OpenApiController {
  private final OpenApiDocuments documents;

  public OpenApiController(OpenApiDocuments documents) {
    this.documents = documents;
  }

  @GetMapping("/openapi/v3")
  public ResponseEntity<byte[]> index() {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
        .header(HttpHeaders.CACHE_CONTROL, "no-cache, private")
        .body(Json.MAPPER.writeValueAsBytes(documents.index()));
  }

  @GetMapping("/openapi/v3/**")
  public ResponseEntity<byte[]> document(HttpServletRequest req, @RequestParam(required = false) String hash) {
    String path = req.getRequestURI().substring("/openapi/v3/".length());
    OpenApiDocuments.Document doc = documents.document(path)
        .orElseThrow(() -> new ApiException(404, "NotFound", "the server could not find the requested resource"));
    if (hash != null && !hash.isEmpty() && !hash.equals(doc.hash())) {
      return ResponseEntity.status(HttpStatus.MOVED_PERMANENTLY)
          .location(URI.create("/openapi/v3/" + path + "?hash=" + doc.hash())).build();
    }
    ResponseEntity.BodyBuilder ok = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).eTag("\"" + doc.hash() + "\"");
    ok.header(HttpHeaders.CACHE_CONTROL, hash == null || hash.isEmpty()
        ? "no-cache, private" : "public, immutable, max-age=31536000");
    return ok.body(doc.json());
  }
}
