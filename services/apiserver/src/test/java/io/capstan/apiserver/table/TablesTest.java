package io.capstan.apiserver.table;

import static io.capstan.apiserver.table.Fixtures.CLOCK;
import static io.capstan.apiserver.table.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.capstan.apiserver.resource.BuiltinResources;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.table.TableConvertor.Column;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class TablesTest {

  static List<ResourceType> builtins() {
    return BuiltinResources.all();
  }

  /** Every built-in prints a row for a bare object, one cell per column, the first being the name. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("builtins")
  void everyBuiltinPrintsBareObjects(ResourceType type) {
    TableConvertor c = Tables.forResource(type, CLOCK);
    List<Object> cells = c.cells(json("{\"metadata\":{\"name\":\"x\"}}"));
    assertThat(cells).hasSameSizeAs(c.columns());
    assertThat(c.columns()).extracting(Column::name).contains("Name");
    assertThat(c.cells(json("{}"))).hasSameSizeAs(c.columns());
  }

  @Test
  void headersOfTheKindsKubectlUsersSee() {
    assertHeaders("", "namespaces", "Name", "Status", "Age");
    assertHeaders("", "configmaps", "Name", "Data", "Age");
    assertHeaders("", "secrets", "Name", "Type", "Data", "Age");
    assertHeaders("", "serviceaccounts", "Name", "Secrets", "Age");
    assertHeaders("", "endpoints", "Name", "Endpoints", "Age");
    assertHeaders("", "replicationcontrollers", "Name", "Desired", "Current", "Ready", "Age");
    assertHeaders("", "limitranges", "Name", "Created At");
    assertHeaders("apps", "replicasets", "Name", "Desired", "Current", "Ready", "Age");
    assertHeaders("apps", "statefulsets", "Name", "Ready", "Age");
    assertHeaders("apps", "daemonsets", "Name", "Desired", "Current", "Ready", "Up-to-date", "Available",
        "Node Selector", "Age");
    assertHeaders("coordination.k8s.io", "leases", "Name", "Holder", "Age");
    assertHeaders("discovery.k8s.io", "endpointslices", "Name", "AddressType", "Ports", "Endpoints", "Age");
    assertHeaders("scheduling.k8s.io", "priorityclasses", "Name", "Value", "Global-Default", "Age",
        "PreemptionPolicy");
    assertHeaders("policy", "poddisruptionbudgets", "Name", "Min Available", "Max Unavailable",
        "Allowed Disruptions", "Age");
    assertHeaders("apiextensions.k8s.io", "customresourcedefinitions", "Name", "Created At");
    assertHeaders("events.k8s.io", "events", "Last Seen", "Type", "Reason", "Object", "Message");
    assertHeaders("example.com", "widgets", "Name", "Age");
  }

  private static void assertHeaders(String group, String plural, String... names) {
    ResourceType t = new ResourceType(group, "v1", plural, "X", "XList", "x", true, List.of(), List.of(), Set.of(),
        ResourceType.ALL_VERBS, "/registry/" + plural);
    assertThat(Tables.forResource(t, CLOCK).columns().stream().filter(c -> c.priority() == 0).map(Column::name))
        .as(group + "/" + plural).containsExactly(names);
  }
}
