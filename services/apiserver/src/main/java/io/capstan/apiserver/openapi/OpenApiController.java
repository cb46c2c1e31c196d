package io.capstan.apiserver.openapi;

import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Serves {@code /openapi/v3} and {@code /openapi/v3/<group-version path>}; v2 is not served (kubectl accepts a 404). */
@RestController
public class OpenApiController {
  private final OpenApiDocuments documents;

  public OpenApiController(OpenApiDocuments documents) {
    this.documents = documents;
  }

  @GetMapping("/openapi/v3")
  public ResponseEntity<byte[]> index() {
    return json(Json.MAPPER.writeValueAsBytes(documents.index()));
  }

  @GetMapping("/openapi/v3/**")
  public ResponseEntity<byte[]> document(HttpServletRequest req) {
    String path = req.getRequestURI().substring("/openapi/v3/".length());
    return documents.document(path)
        .map(d -> json(Json.MAPPER.writeValueAsBytes(d)))
        .orElseThrow(() -> new ApiException(404, "NotFound", "the server could not find the requested resource"));
  }

  private static ResponseEntity<byte[]> json(byte[] body) {
    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
  }
}
