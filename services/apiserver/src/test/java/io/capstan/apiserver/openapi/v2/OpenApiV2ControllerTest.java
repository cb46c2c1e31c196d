package io.capstan.apiserver.openapi.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.capstan.apiserver.openapi.OpenApiDocuments;
import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.model.ApiException;
import java.io.ByteArrayInputStream;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class OpenApiV2ControllerTest {
  private static final String KUBECTL_ACCEPT = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";

  private final ResourceCatalog catalog = new ResourceCatalog();
  private final OpenApiV2Document document =
      new OpenApiV2Document(new OpenApiDocuments(catalog, name -> Optional.empty()), catalog);
  private final OpenApiV2Controller controller = new OpenApiV2Controller(document);

  private MockHttpServletResponse get(String path, String accept, String acceptEncoding, String ifNoneMatch)
      throws Exception {
    MockHttpServletRequest req = new MockHttpServletRequest("GET", path);
    if (accept != null) req.addHeader("Accept", accept);
    if (acceptEncoding != null) req.addHeader("Accept-Encoding", acceptEncoding);
    if (ifNoneMatch != null) req.addHeader("If-None-Match", ifNoneMatch);
    MockHttpServletResponse resp = new MockHttpServletResponse();
    if (path.equals("/openapi/v2")) controller.openapi(req, resp);
    else controller.legacyProtobuf(req, resp);
    return resp;
  }

  @Test
  void kubectlsProtobufRequest() throws Exception {
    MockHttpServletResponse r = get("/openapi/v2", KUBECTL_ACCEPT, null, null);
    assertThat(r.getStatus()).isEqualTo(200);
    // Go's mime parser rejects the '@' spelling, so the dotted one comes back (as from Kubernetes).
    assertThat(r.getContentType()).isEqualTo("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
    assertThat(r.getContentAsByteArray()).isEqualTo(document.current().protobuf());
    assertThat(r.getHeader("ETag")).isEqualTo(document.current().etag());
    assertThat(Pb.of(r.getContentAsByteArray()).str(1)).isEqualTo("2.0");

    MockHttpServletResponse legacy = get("/swagger-2.0.0.pb-v1", null, null, null);
    assertThat(legacy.getContentAsByteArray()).isEqualTo(document.current().protobuf());
  }

  @Test
  void jsonByDefaultGzipAndNotModified() throws Exception {
    MockHttpServletResponse json = get("/openapi/v2", null, null, null);
    assertThat(json.getContentType()).isEqualTo("application/json");
    assertThat(json.getContentAsString()).startsWith("{\"swagger\":\"2.0\"");
    assertThat(get("/openapi/v2", "application/json, */*", null, null).getContentType()).isEqualTo("application/json");

    MockHttpServletResponse gz = get("/openapi/v2", KUBECTL_ACCEPT, "gzip", null);
    assertThat(gz.getHeader("Content-Encoding")).isEqualTo("gzip");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.getContentAsByteArray()))) {
      assertThat(in.readAllBytes()).isEqualTo(document.current().protobuf());
    }

    MockHttpServletResponse same = get("/openapi/v2", KUBECTL_ACCEPT, null, document.current().etag());
    assertThat(same.getStatus()).isEqualTo(304);
    assertThat(same.getContentAsByteArray()).isEmpty();
  }

  @Test
  void negotiation() {
    assertThat(OpenApiV2Controller.negotiate(null)).isEqualTo("application/json");
    assertThat(OpenApiV2Controller.negotiate(KUBECTL_ACCEPT)).isEqualTo(KUBECTL_ACCEPT);
    assertThat(OpenApiV2Controller.negotiate("application/com.github.proto-openapi.spec.v2.v1.0+protobuf"))
        .isEqualTo(KUBECTL_ACCEPT);
    assertThat(OpenApiV2Controller.negotiate("application/json;q=0.5, " + KUBECTL_ACCEPT)).isEqualTo(KUBECTL_ACCEPT);
    assertThat(OpenApiV2Controller.negotiate(KUBECTL_ACCEPT + ";q=0.2, */*;q=0.9")).isEqualTo("application/json");
    assertThat(OpenApiV2Controller.negotiate("text/html")).isNull();
    assertThat(OpenApiV2Controller.negotiate("application/json;q=0")).isNull();
    assertThat(OpenApiV2Controller.acceptsGzip("gzip, deflate")).isTrue();
    assertThat(OpenApiV2Controller.acceptsGzip("gzip;q=0")).isFalse();
    assertThat(OpenApiV2Controller.acceptsGzip("br")).isFalse();
    assertThatThrownBy(() -> get("/openapi/v2", "text/html", null, null))
        .isInstanceOf(ApiException.class).hasMessageContaining("only the following media types are accepted");
  }
}
