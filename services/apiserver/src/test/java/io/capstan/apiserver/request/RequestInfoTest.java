package io.capstan.apiserver.request;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestInfoTest {

  @Test
  void namespacedResourceWithSubresource() {
    RequestInfo r = RequestInfo.parse("PATCH", "/apis/apps/v1/namespaces/default/deployments/web/scale", false);
    assertThat(r).isEqualTo(new RequestInfo(true, r.path(), "patch", "apps", "v1", "default", "deployments", "scale", "web"));
  }

  @Test
  void namespaceItselfAndItsStatus() {
    RequestInfo ns = RequestInfo.parse("GET", "/api/v1/namespaces/team-a", false);
    assertThat(ns.resource()).isEqualTo("namespaces");
    assertThat(ns.name()).isEqualTo("team-a");
    assertThat(ns.namespace()).isNull();
    RequestInfo status = RequestInfo.parse("PUT", "/api/v1/namespaces/team-a/status", false);
    assertThat(status.subresource()).isEqualTo("status");
    assertThat(status.name()).isEqualTo("team-a");
    assertThat(status.verb()).isEqualTo("update");
  }

  @Test
  void listsWatchesAndCollections() {
    assertThat(RequestInfo.parse("GET", "/api/v1/pods", false).verb()).isEqualTo("list");
    assertThat(RequestInfo.parse("GET", "/api/v1/namespaces/a/pods", true).verb()).isEqualTo("watch");
    assertThat(RequestInfo.parse("GET", "/api/v1/watch/namespaces/a/pods", false).verb()).isEqualTo("watch");
    assertThat(RequestInfo.parse("DELETE", "/api/v1/namespaces/a/pods", false).verb()).isEqualTo("deletecollection");
    assertThat(RequestInfo.parse("POST", "/api/v1/namespaces/a/pods", false).verb()).isEqualTo("create");
  }

  @Test
  void nonResourcePaths() {
    assertThat(RequestInfo.parse("GET", "/version", false).resourceRequest()).isFalse();
    assertThat(RequestInfo.parse("GET", "/apis/apps/v1", false).resourceRequest()).isFalse();
    assertThat(RequestInfo.parse("GET", "/api/v1", false).resourceRequest()).isFalse();
  }
}
