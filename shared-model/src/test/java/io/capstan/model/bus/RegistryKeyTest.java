package io.capstan.model.bus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RegistryKeyTest {

  @Test
  void coreNamespacedKey() {
    RegistryKey k = RegistryKey.parse("/registry/pods/default/web-1").orElseThrow();
    assertThat(k).isEqualTo(new RegistryKey("/registry/pods", "", "pods", "default", "web-1"));
    assertThat(k.recordKey()).isEqualTo("default/web-1");
    assertThat(k.topic()).isEqualTo("capstan.registry.pods");
  }

  @Test
  void coreClusterScopedKey() {
    RegistryKey k = RegistryKey.parse("/registry/namespaces/team-a").orElseThrow();
    assertThat(k.namespace()).isNull();
    assertThat(k.recordKey()).isEqualTo("team-a");
    assertThat(k.storagePrefix()).isEqualTo("/registry/namespaces");
  }

  @Test
  void dotlessGroupIsAGroup() {
    RegistryKey k = RegistryKey.parse("/registry/apps/deployments/default/web").orElseThrow();
    assertThat(k.group()).isEqualTo("apps");
    assertThat(k.topic()).isEqualTo("capstan.registry.apps.deployments");
  }

  @Test
  void dottedGroupClusterScopedIsNotMistakenForACoreNamespacedKey() {
    RegistryKey k = RegistryKey.parse("/registry/rbac.authorization.k8s.io/clusterroles/admin").orElseThrow();
    assertThat(k.group()).isEqualTo("rbac.authorization.k8s.io");
    assertThat(k.resource()).isEqualTo("clusterroles");
    assertThat(k.namespace()).isNull();
    assertThat(k.name()).isEqualTo("admin");
  }

  @Test
  void capstanBookkeepingAndMalformedKeysDoNotParse() {
    assertThat(RegistryKey.parse("/registry/capstan/serviceips/10.96.0.1")).isEmpty();
    assertThat(RegistryKey.parse("/registry/pods")).isEmpty();
    assertThat(RegistryKey.parse("/registry/pods/a/b/c")).isEmpty();
    assertThat(RegistryKey.parse("/registry/pods//x")).isEmpty();
    assertThat(RegistryKey.parse("/other/pods/a/b")).isEmpty();
  }
}
