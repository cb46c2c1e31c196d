package io.capstan.apiserver.discovery;

import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.capstan.apiserver.resource.ResourceCatalog;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

class DiscoveryControllerTest {

  /** Stands in for the resource handler that owns every other path under /api and /apis. */
  @RestController
  static class CatchAll {
    @RequestMapping({"/api/**", "/apis/**"})
    void handle(HttpServletResponse resp) throws IOException {
      resp.setStatus(418);
      resp.getWriter().write("resource handler");
    }
  }

  /** Stands in for the global advice that renders ApiException as a Status. */
  @RestControllerAdvice
  static class StatusAdvice {
    @ExceptionHandler(ApiException.class)
    ResponseEntity<byte[]> status(ApiException e) {
      return ResponseEntity.status(e.code()).header("Content-Type", "application/json")
          .body(Json.MAPPER.writeValueAsBytes(e.toStatus()));
    }
  }

  private final MockMvc mvc = MockMvcBuilders
      .standaloneSetup(new DiscoveryController(new DiscoveryDocuments(new ResourceCatalog())), new CatchAll())
      .setControllerAdvice(new StatusAdvice())
      .build();

  @Test
  void aggregatedApiWithExactContentType() throws Exception {
    mvc.perform(get("/api").queryParam("timeout", "32s").header("Accept", DiscoveryMediaTypesTest.KUBECTL_ACCEPT))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"))
        .andExpect(header().string("Vary", "Accept"))
        .andExpect(header().string("ETag", startsWith("\"")))
        .andExpect(jsonPath("$.kind").value("APIGroupDiscoveryList"))
        .andExpect(jsonPath("$.apiVersion").value("apidiscovery.k8s.io/v2"))
        .andExpect(jsonPath("$.items[0].versions[0].version").value("v1"));
  }

  @Test
  void aggregatedApisRevalidatesWithEtag() throws Exception {
    MvcResult first = mvc.perform(get("/apis").header("Accept", DiscoveryMediaTypesTest.KUBECTL_ACCEPT))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.items[0].metadata.name").value("apps"))
        .andReturn();
    String etag = first.getResponse().getHeader("ETag");
    mvc.perform(get("/apis").header("Accept", DiscoveryMediaTypesTest.KUBECTL_ACCEPT).header("If-None-Match", etag))
        .andExpect(status().isNotModified());
  }

  @Test
  void v2beta1WhenOnlyThatIsAsked() throws Exception {
    mvc.perform(get("/apis").header("Accept",
            "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json"))
        .andExpect(header().string("Content-Type",
            "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"))
        .andExpect(jsonPath("$.apiVersion").value("apidiscovery.k8s.io/v2beta1"));
  }

  @Test
  void legacyForms() throws Exception {
    mvc.perform(get("/api").header("Accept", "application/json, */*"))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", "application/json"))
        .andExpect(jsonPath("$.kind").value("APIVersions"))
        .andExpect(jsonPath("$.versions[0]").value("v1"));
    mvc.perform(get("/apis"))
        .andExpect(header().string("Content-Type", "application/json"))
        .andExpect(jsonPath("$.kind").value("APIGroupList"));
    mvc.perform(get("/api/v1").header("Accept", "application/json, */*"))
        .andExpect(jsonPath("$.kind").value("APIResourceList"))
        .andExpect(jsonPath("$.groupVersion").value("v1"));
    mvc.perform(get("/apis/apps/v1"))
        .andExpect(jsonPath("$.groupVersion").value("apps/v1"))
        .andExpect(jsonPath("$.resources[?(@.name == 'deployments/scale')].group").value("autoscaling"));
    mvc.perform(get("/apis/apps"))
        .andExpect(jsonPath("$.kind").value("APIGroup"))
        .andExpect(jsonPath("$.preferredVersion.groupVersion").value("apps/v1"));
  }

  @Test
  void unknownGroupVersionIsNotFound() throws Exception {
    mvc.perform(get("/apis/nope.example.com/v1"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.kind").value("Status"))
        .andExpect(jsonPath("$.reason").value("NotFound"))
        .andExpect(jsonPath("$.message").value("the server could not find the requested resource"));
    mvc.perform(get("/api/v2")).andExpect(status().isNotFound());
    mvc.perform(get("/apis/nope.example.com")).andExpect(status().isNotFound());
  }

  @Test
  void resourcePathsStayWithTheResourceHandler() throws Exception {
    mvc.perform(get("/api/v1/namespaces/default/pods")).andExpect(status().is(418));
    mvc.perform(get("/apis/apps/v1/deployments")).andExpect(status().is(418));
    mvc.perform(get("/api/v1/nodes")).andExpect(status().is(418));
  }

  @Test
  void version() throws Exception {
    mvc.perform(get("/version").queryParam("timeout", "5s"))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", "application/json"))
        .andExpect(jsonPath("$.major").value("1"))
        .andExpect(jsonPath("$.minor").value("32"))
        .andExpect(jsonPath("$.gitVersion").value("v1.32.4-capstan"))
        .andExpect(jsonPath("$.gitTreeState").value("clean"))
        .andExpect(jsonPath("$.platform").value("linux/amd64"))
        .andExpect(content().string(startsWith("{\"major\":\"1\"")));
  }
}
