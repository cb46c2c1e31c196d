package io.capstan.apiserver.strategy;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.model.ApiException.Cause;
import io.capstan.model.selector.LabelValidation;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** discovery.k8s.io/v1 EndpointSlice: address type, addresses and ports; addressType immutable. No status. */
public final class EndpointSliceStrategy implements ResourceStrategy {

  static final List<String> ADDRESS_TYPES = List.of("FQDN", "IPv4", "IPv6");

  @Override
  public void applyDefaults(ObjectNode obj) {
    for (ObjectNode port : Defaulting.objects(obj, "ports")) {
      Defaulting.stringIfBlank(port, "protocol", "TCP");
      if (Defaulting.unset(port, "name")) port.put("name", "");
    }
  }

  @Override
  public boolean hasStatus() {
    return false;
  }

  @Override
  public List<Cause> validate(ObjectNode obj) {
    List<Cause> errs = new ArrayList<>();
    String addressType = obj.path("addressType").asString("");
    if (addressType.isEmpty()) {
      errs.add(FieldError.required("addressType"));
    } else if (!ADDRESS_TYPES.contains(addressType)) {
      errs.add(FieldError.notSupported("addressType", addressType, ADDRESS_TYPES));
    }
    List<JsonNode> endpoints = PodSpecValidation.list(obj, "endpoints");
    for (int i = 0; i < endpoints.size(); i++) {
      String p = "endpoints[" + i + "].addresses";
      List<JsonNode> addrs = PodSpecValidation.list(endpoints.get(i), "addresses");
      if (addrs.isEmpty()) {
        errs.add(FieldError.required(p, "must contain at least 1 address"));
      } else if (addrs.size() > 100) {
        errs.add(FieldError.tooMany(p, addrs.size(), 100));
      }
      for (int j = 0; j < addrs.size(); j++) {
        String a = addrs.get(j).asString("");
        if ((addressType.equals("IPv4") && !(FieldRules.isIP(a) && !a.contains(":")))
            || (addressType.equals("IPv6") && !(FieldRules.isIP(a) && a.contains(":")))) {
          errs.add(FieldError.invalid(p + "[" + j + "]", a, "must be a valid " + addressType + " address"));
        } else if (addressType.equals("FQDN")) {
          for (String msg : LabelValidation.isDNS1123Subdomain(a)) errs.add(FieldError.invalid(p + "[" + j + "]", a, msg));
        }
      }
    }
    List<JsonNode> ports = PodSpecValidation.list(obj, "ports");
    for (int i = 0; i < ports.size(); i++) {
      JsonNode port = ports.get(i);
      String p = "ports[" + i + "]";
      String name = port.path("name").asString("");
      if (!name.isEmpty()) {
        for (String msg : LabelValidation.isDNS1123Label(name)) errs.add(FieldError.invalid(p + ".name", name, msg));
      }
      JsonNode number = port.get("port");
      if (number != null && number.isNumber() && !FieldRules.validPortNumber(number.asLong())) {
        errs.add(FieldError.invalid(p + ".port", number.asLong(), FieldRules.inclusiveRange(1, 65535)));
      }
      String protocol = port.path("protocol").asString("");
      if (!protocol.isEmpty() && !PodSpecValidation.PROTOCOLS.contains(protocol)) {
        errs.add(FieldError.notSupported(p + ".protocol", protocol, PodSpecValidation.PROTOCOLS));
      }
    }
    return errs;
  }

  @Override
  public List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
    List<Cause> errs = validate(obj);
    WorkloadValidation.immutable(obj.get("addressType"), old.get("addressType"), "addressType", errs);
    return errs;
  }
}
