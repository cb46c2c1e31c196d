package io.capstan.apiserver.strategy;

import static io.capstan.apiserver.strategy.TestObjects.json;
import static io.capstan.apiserver.strategy.TestObjects.lines;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class ServiceStrategyTest {

  private final ServiceStrategy strategy = new ServiceStrategy();

  private ObjectNode service(String spec) {
    ObjectNode o = json("{'metadata':{'name':'web','namespace':'default'},'spec':" + spec + "}");
    strategy.applyDefaults(o);
    return o;
  }

  private List<String> errors(String spec) {
    return lines(strategy.validate(service(spec)));
  }

  @Test
  void clusterIpDefaults() {
    ObjectNode o = service("{'selector':{'app':'web'},'ports':[{'port':80},{'name':'metrics','port':9090,'targetPort':'metrics'}]}");
    assertThat(o.get("spec")).isEqualTo(json("""
        {'selector':{'app':'web'},
         'ports':[{'port':80,'protocol':'TCP','targetPort':80},{'name':'metrics','port':9090,'targetPort':'metrics','protocol':'TCP'}],
         'sessionAffinity':'None','type':'ClusterIP','internalTrafficPolicy':'Cluster',
         'ipFamilyPolicy':'SingleStack','ipFamilies':['IPv4']}"""));
  }

  @Test
  void aTypeChangeDropsWhatTheNewTypeDoesNotHaveUnlessTheClientChangedIt() {
    ObjectNode old = service("{'type':'NodePort','clusterIP':'10.96.20.1','ports':[{'port':80,'nodePort':30080}]}");
    ObjectNode toClusterIp = old.deepCopy();
    ((ObjectNode) toClusterIp.get("spec")).put("type", "ClusterIP");
    strategy.prepareForUpdate(toClusterIp, old);
    assertThat(toClusterIp.at("/spec/ports/0").has("nodePort")).isFalse();
    assertThat(toClusterIp.at("/spec").has("externalTrafficPolicy")).isFalse();
    assertThat(toClusterIp.at("/spec/clusterIP").asString()).isEqualTo("10.96.20.1");
    // A node port the client changed in the same request stays, so validation reports it.
    ObjectNode changed = old.deepCopy();
    ((ObjectNode) changed.get("spec")).put("type", "ClusterIP");
    ((ObjectNode) changed.at("/spec/ports/0")).put("nodePort", 30081);
    strategy.prepareForUpdate(changed, old);
    assertThat(changed.at("/spec/ports/0/nodePort").asInt()).isEqualTo(30081);

    ObjectNode toExternal = old.deepCopy();
    ((ObjectNode) toExternal.get("spec")).put("type", "ExternalName").put("externalName", "db.example.com");
    strategy.prepareForUpdate(toExternal, old);
    strategy.applyDefaults(toExternal);
    assertThat(toExternal.at("/spec").has("clusterIP")).isFalse();
    assertThat(toExternal.at("/spec").has("ipFamilies")).isFalse();
    assertThat(lines(strategy.validateUpdate(toExternal, old))).isEmpty();
  }

  @Test
  void typeSpecificDefaults() {
    assertThat(service("{'type':'NodePort','ports':[{'port':80}]}").at("/spec/externalTrafficPolicy").asString())
        .isEqualTo("Cluster");
    ObjectNode lb = service("{'type':'LoadBalancer','ports':[{'port':80}]}");
    assertThat(lb.at("/spec/allocateLoadBalancerNodePorts").asBoolean()).isTrue();
    assertThat(lb.at("/spec/externalTrafficPolicy").asString()).isEqualTo("Cluster");
    ObjectNode ext = service("{'type':'ExternalName','externalName':'db.example.com'}");
    assertThat(ext.get("spec")).isEqualTo(json("{'type':'ExternalName','externalName':'db.example.com','sessionAffinity':'None'}"));
    ObjectNode sticky = service("{'sessionAffinity':'ClientIP','ports':[{'port':80}]}");
    assertThat(sticky.at("/spec/sessionAffinityConfig")).isEqualTo(json("{'clientIP':{'timeoutSeconds':10800}}"));
    for (String spec : List.of("{'selector':{'app':'web'},'ports':[{'port':80}]}", "{'type':'NodePort','ports':[{'port':80}]}",
        "{'type':'ExternalName','externalName':'db.example.com'}", "{'clusterIP':'None','selector':{'app':'db'}}")) {
      assertThat(errors(spec)).as(spec).isEmpty();
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "{'selector':{'app':'web'}} | spec.ports: Required value",
      "{'type':'ExternalName'} | spec.externalName: Required value",
      "{'type':'ExternalName','externalName':'db','clusterIP':'10.0.0.1'} | spec.clusterIP: Forbidden: may not be set for ExternalName services",
      "{'ports':[{'port':80,'nodePort':30080}]} | spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
      "{'ports':[{'port':80,'protocol':'ICMP'}]} | spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
      "{'ports':[{'port':80,'targetPort':'Web_Port'}]} | spec.ports[0].targetPort: Invalid value: \"Web_Port\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
      "{'clusterIP':'abc','ports':[{'port':80}]} | spec.clusterIP: Invalid value: \"abc\": must be empty, 'None', or a valid IP address",
      "{'type':'NodePort','clusterIP':'None','ports':[{'port':80}]} | spec.clusterIP: Invalid value: \"None\": may not be set to 'None' for NodePort services",
      "{'type':'LoadBalancer','ports':[{'port':10250}]} | spec.ports[0]: Invalid value: 10250: may not expose port 10250 externally since it is used by kubelet",
      "{'externalTrafficPolicy':'Local','ports':[{'port':80}]} | spec.externalTrafficPolicy: Invalid value: \"Local\": may only be set for externally-accessible services",
      "{'sessionAffinity':'Sticky','ports':[{'port':80}]} | spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\", \"None\"",
      "{'selector':{'app':'bad value'},'ports':[{'port':80}]} | spec.selector: Invalid value: \"bad value\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
      "{'ports':[{'name':'a','port':80},{'name':'b','port':80}]} | spec.ports[1]: Duplicate value: {\"Name\":\"\",\"Protocol\":\"TCP\",\"AppProtocol\":null,\"Port\":80,\"TargetPort\":0,\"NodePort\":0}",
  })
  void singleRules(String spec, String expected) {
    assertThat(errors(spec)).containsExactly(expected);
  }

  @Test
  void severalPortsNeedUniqueNames() {
    assertThat(errors("{'ports':[{'port':80},{'port':443},{'name':'x','port':1},{'name':'x','port':2},{'port':0,'name':'z'}]}"))
        .containsExactly("spec.ports[0].name: Required value", "spec.ports[1].name: Required value",
            "spec.ports[3].name: Duplicate value: \"x\"",
            "spec.ports[4].port: Invalid value: 0: must be between 1 and 65535, inclusive",
            "spec.ports[4].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive");
  }

  @Test
  void unknownTypeIsReported() {
    assertThat(errors("{'type':'Mesh','ports':[{'port':80}]}")).containsExactly(
        "spec.type: Unsupported value: \"Mesh\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\"",
        "spec.internalTrafficPolicy: Required value");
  }

  @Test
  void clusterIpIsImmutable() {
    ObjectNode old = service("{'ports':[{'port':80}]}");
    ((ObjectNode) old.get("spec")).put("clusterIP", "10.96.0.10").putArray("clusterIPs").add("10.96.0.10");
    ObjectNode same = old.deepCopy();
    ((ObjectNode) same.get("spec")).put("sessionAffinity", "ClientIP");
    strategy.applyDefaults(same);
    assertThat(strategy.validateUpdate(same, old)).isEmpty();
    ObjectNode moved = old.deepCopy();
    ((ObjectNode) moved.get("spec")).put("clusterIP", "10.96.0.20").putArray("clusterIPs").add("10.96.0.20");
    assertThat(lines(strategy.validateUpdate(moved, old)))
        .containsExactly("spec.clusterIPs[0]: Invalid value: [\"10.96.0.20\"]: may not change once set");
    ObjectNode onlyClusterIp = old.deepCopy();
    ((ObjectNode) onlyClusterIp.get("spec")).put("clusterIP", "10.96.0.30");
    assertThat(lines(strategy.validateUpdate(onlyClusterIp, old)))
        .containsExactly("spec.clusterIPs[0]: Invalid value: [\"10.96.0.30\"]: may not change once set");
    ObjectNode toExternal = service("{'type':'ExternalName','externalName':'x.example.com'}");
    assertThat(strategy.validateUpdate(toExternal, old)).isEmpty();
  }
}
