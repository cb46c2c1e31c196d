package io.capstan.apiserver.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryMediaTypesTest {

  static final String KUBECTL_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
      + "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";

  @Test
  void kubectlGetsV2() {
    assertThat(DiscoveryMediaTypes.aggregatedVersion(List.of(KUBECTL_ACCEPT))).contains("v2");
  }

  @Test
  void olderClientsGetV2beta1() {
    assertThat(DiscoveryMediaTypes.aggregatedVersion(List.of(
        "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json")))
        .contains("v2beta1");
  }

  @Test
  void protobufEntriesAreSkippedAndSpacesTolerated() {
    assertThat(DiscoveryMediaTypes.aggregatedVersion(List.of(
        "application/vnd.kubernetes.protobuf;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList, "
            + "application/json; g=apidiscovery.k8s.io; v=v2; as=APIGroupDiscoveryList, application/json")))
        .contains("v2");
  }

  @Test
  void plainJsonOrNothingMeansLegacy() {
    assertThat(DiscoveryMediaTypes.aggregatedVersion(List.of("application/json, */*"))).isEmpty();
    assertThat(DiscoveryMediaTypes.aggregatedVersion(List.of())).isEmpty();
    assertThat(DiscoveryMediaTypes.aggregatedVersion(null)).isEmpty();
    assertThat(DiscoveryMediaTypes.aggregatedVersion(List.of("application/json,"
        + "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList"))).as("client order wins").isEmpty();
    assertThat(DiscoveryMediaTypes.aggregatedVersion(List.of(
        "application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList,application/json"))).isEmpty();
  }

  @Test
  void contentTypeIsExact() {
    assertThat(DiscoveryMediaTypes.aggregatedContentType("v2"))
        .isEqualTo("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
  }
}
