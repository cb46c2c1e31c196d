package io.capstan.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.e2e.support.Fabric8;
import io.capstan.testing.ApiServerProcess;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Lists through fabric8: every label-selector operator, a field selector, and paging. */
class Fabric8ListTest {

  private static KubernetesClient client;

  @BeforeAll
  static void connect() {
    client = Fabric8.client(ApiServerProcess.shared());
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  private static void configMap(String ns, String name, Map<String, String> labels) {
    client.configMaps().inNamespace(ns).resource(new ConfigMapBuilder()
        .withNewMetadata().withName(name).withLabels(labels).endMetadata()
        .addToData("k", "v")
        .build()).create();
  }

  private static List<String> names(FilterWatchListDeletable<ConfigMap, ConfigMapList, Resource<ConfigMap>> op) {
    return op.list().getItems().stream().map(ConfigMap::getMetadata).map(ObjectMeta::getName).sorted().toList();
  }

  @Test
  void labelSelectors() {
    String ns = Fabric8.createNamespace(client, "f8-labels");
    configMap(ns, "web", Map.of("app", "web", "tier", "frontend"));
    configMap(ns, "api", Map.of("app", "api", "tier", "backend"));
    configMap(ns, "db", Map.of("app", "db"));
    configMap(ns, "plain", Map.of());
    var cms = client.configMaps().inNamespace(ns);

    assertThat(names(cms.withLabel("app", "web"))).as("app=web").containsExactly("web");
    assertThat(names(cms.withoutLabel("app", "web"))).as("app!=web").containsExactly("api", "db", "plain");
    assertThat(names(cms.withLabelIn("app", "web", "db"))).as("app in (web,db)").containsExactly("db", "web");
    assertThat(names(cms.withLabelNotIn("app", "web", "db"))).as("app notin (web,db)")
        .containsExactly("api", "plain");
    assertThat(names(cms.withLabel("tier"))).as("tier").containsExactly("api", "web");
    assertThat(names(cms.withoutLabel("tier"))).as("!tier").containsExactly("db", "plain");
    assertThat(names(cms.withLabel("app").withLabel("tier", "backend"))).as("app,tier=backend")
        .containsExactly("api");
  }

  @Test
  void fieldSelectorOnName() {
    String ns = Fabric8.createNamespace(client, "f8-fields");
    configMap(ns, "one", Map.of());
    configMap(ns, "two", Map.of());

    assertThat(names(client.configMaps().inNamespace(ns).withField("metadata.name", "two"))).containsExactly("two");
    assertThat(names(client.configMaps().inNamespace(ns).withoutField("metadata.name", "two")))
        .containsExactly("one");
    assertThat(client.configMaps().inAnyNamespace().withField("metadata.namespace", ns).list().getItems())
        .extracting(cm -> cm.getMetadata().getName()).containsExactlyInAnyOrder("one", "two");
  }

  @Test
  void pagingWithLimitAndContinue() {
    String ns = Fabric8.createNamespace(client, "f8-paging");
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      configMap(ns, "cm-" + i, Map.of());
      expected.add("cm-" + i);
    }

    List<String> seen = new ArrayList<>();
    List<Integer> pageSizes = new ArrayList<>();
    String token = null;
    do {
      ConfigMapList page = client.configMaps().inNamespace(ns)
          .list(new ListOptionsBuilder().withLimit(3L).withContinue(token).build());
      page.getItems().forEach(cm -> seen.add(cm.getMetadata().getName()));
      pageSizes.add(page.getItems().size());
      token = page.getMetadata().getContinue();
      if (token != null && !token.isEmpty()) {
        assertThat(page.getMetadata().getRemainingItemCount()).as("remainingItemCount after " + seen)
            .isEqualTo(7L - seen.size());
      }
    } while (token != null && !token.isEmpty() && pageSizes.size() < 10);

    assertThat(pageSizes).containsExactly(3, 3, 1);
    assertThat(seen).containsExactlyElementsOf(expected);
  }
}
