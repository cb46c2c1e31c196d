package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.selector.LabelValidation;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 Endpoints: ports default to TCP; addresses must be IPs, ports valid and named when several. */
public final class EndpointsStrategy implements ResourceStrategy {

  @Override
  public void applyDefaults(ObjectNode obj) {
    for (ObjectNode subset : Defaulting.objects(obj, "subsets")) {
      for (ObjectNode port : Defaulting.objects(subset, "ports")) Defaulting.stringIfBlank(port, "protocol", "TCP");
    }
  }

  @Override
  public boolean hasStatus() {
    return false;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    List<JsonNode> subsets = PodSpecValidation.list(obj, "subsets");
    for (int i = 0; i < subsets.size(); i++) {
      JsonNode ss = subsets.get(i);
      String sp = "subsets[" + i + "]";
      for (String list : List.of("addresses", "notReadyAddresses")) {
        List<JsonNode> addrs = PodSpecValidation.list(ss, list);
        for (int j = 0; j < addrs.size(); j++) {
          String ip = addrs.get(j).path("ip").asString("");
          if (!FieldRules.isIP(ip)) {
            errs.add(FieldError.invalid(sp + "." + list + "[" + j + "].ip", ip, "must be a valid IP address"));
          }
        }
      }
      List<JsonNode> ports = PodSpecValidation.list(ss, "ports");
      for (int j = 0; j < ports.size(); j++) {
        JsonNode port = ports.get(j);
        String pp = sp + ".ports[" + j + "]";
        String name = port.path("name").asString("");
        if (ports.size() > 1 && name.isEmpty()) {
          errs.add(FieldError.required(pp + ".name"));
        } else if (!name.isEmpty()) {
          for (String msg : LabelValidation.isDNS1123Label(name)) errs.add(FieldError.invalid(pp + ".name", name, msg));
        }
        long number = port.path("port").asLong(0);
        if (!FieldRules.validPortNumber(number)) {
          errs.add(FieldError.invalid(pp + ".port", number, FieldRules.inclusiveRange(1, 65535)));
        }
        PodSpecValidation.enumField(port, "protocol", pp, PodSpecValidation.PROTOCOLS, errs);
      }
    }
    return errs;
  }
}
