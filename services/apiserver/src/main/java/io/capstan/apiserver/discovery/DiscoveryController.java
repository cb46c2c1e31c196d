package io.capstan.apiserver.discovery;

import io.capstan.apiserver.discovery.DiscoveryDocuments.Document;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves discovery: {@code /api}, {@code /apis} (aggregated or legacy by the Accept header),
 * {@code /api/v1}, {@code /apis/{group}}, {@code /apis/{group}/{version}} and {@code /version}.
 * The mappings are exact paths, so they win over the resource handler's {@code /api/**} and
 * {@code /apis/**}. Bodies are written as bytes with an explicit Content-Type, which kubectl
 * uses to choose the parser.
 */
@RestController
public class DiscoveryController {

  private final DiscoveryDocuments documents;
  private final byte[] version = Json.MAPPER.writeValueAsBytes(ServerVersion.document());

  public DiscoveryController(DiscoveryDocuments documents) {
    this.documents = documents;
  }

  @GetMapping("/api")
  public ResponseEntity<byte[]> api(HttpServletRequest request) {
    Optional<String> aggregated = DiscoveryMediaTypes.aggregatedVersion(accept(request));
    if (aggregated.isPresent()) {
      return aggregated(request, documents.aggregatedCore(aggregated.get()), aggregated.get());
    }
    return json(documents.apiVersions(), true);
  }

  @GetMapping("/apis")
  public ResponseEntity<byte[]> apis(HttpServletRequest request) {
    Optional<String> aggregated = DiscoveryMediaTypes.aggregatedVersion(accept(request));
    if (aggregated.isPresent()) {
      return aggregated(request, documents.aggregatedGroups(aggregated.get()), aggregated.get());
    }
    return json(documents.apiGroupList(), true);
  }

  @GetMapping("/api/{version}")
  public ResponseEntity<byte[]> coreResources(@PathVariable String version) {
    return json(documents.apiResourceList("", version).orElseThrow(DiscoveryController::notFound), false);
  }

  @GetMapping("/apis/{group}")
  public ResponseEntity<byte[]> group(@PathVariable String group) {
    return json(documents.apiGroup(group).orElseThrow(DiscoveryController::notFound), false);
  }

  @GetMapping("/apis/{group}/{version}")
  public ResponseEntity<byte[]> groupResources(@PathVariable String group, @PathVariable String version) {
    return json(documents.apiResourceList(group, version).orElseThrow(DiscoveryController::notFound), false);
  }

  @GetMapping("/version")
  public ResponseEntity<byte[]> version() {
    return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, DiscoveryMediaTypes.JSON).body(version);
  }

  /** The aggregated form, with the ETag Kubernetes sends so that clients can revalidate. */
  private static ResponseEntity<byte[]> aggregated(HttpServletRequest request, Document doc, String version) {
    String contentType = DiscoveryMediaTypes.aggregatedContentType(version);
    String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
    if (doc.etag().equals(ifNoneMatch)) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED).header(HttpHeaders.ETAG, doc.etag())
          .header(HttpHeaders.VARY, HttpHeaders.ACCEPT).build();
    }
    return ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, contentType).header(HttpHeaders.ETAG, doc.etag())
        .header(HttpHeaders.VARY, HttpHeaders.ACCEPT).body(doc.json());
  }

  private static ResponseEntity<byte[]> json(Document doc, boolean varies) {
    ResponseEntity.BodyBuilder b = ResponseEntity.ok().header(HttpHeaders.CONTENT_TYPE, DiscoveryMediaTypes.JSON);
    if (varies) b.header(HttpHeaders.VARY, HttpHeaders.ACCEPT);
    return b.body(doc.json());
  }

  private static List<String> accept(HttpServletRequest request) {
    var headers = request.getHeaders(HttpHeaders.ACCEPT);
    return headers == null ? List.of() : Collections.list(headers);
  }

  private static ApiException notFound() {
    return new ApiException(404, "NotFound", "the server could not find the requested resource");
  }
}
