package io.capstan.apiserver.service;

import io.capstan.apiserver.registry.RegistryHook;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.storage.Storage;
import io.capstan.apiserver.storage.StorageException;
import io.capstan.model.ApiException;
import io.capstan.model.Json;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Allocates Service cluster IPs and node ports. Each allocation is an etcd key created with a
 * create-revision-zero transaction, so two API servers can never hand out the same address.
 * Dynamic IPs come from the upper part of the range, leaving the lower part to fixed addresses
 * (10.96.0.1 for the API, 10.96.0.10 for DNS), as Kubernetes does since 1.25.
 */
@Component
public class ServiceAllocator implements RegistryHook {
  static final String IP_PREFIX = "/registry/capstan/serviceips/";
  static final String PORT_PREFIX = "/registry/capstan/nodeports/";
  private static final int BASE = (10 << 24) | (96 << 16); // 10.96.0.0/16
  private static final int SIZE = 1 << 16;
  private static final int STATIC_BAND = 4096;
  private static final int PORT_MIN = 30000;
  private static final int PORT_MAX = 32767;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Storage storage;

  public ServiceAllocator(Storage storage) {
    this.storage = storage;
  }

  private static boolean isService(ResourceType type) {
    return type.group().isEmpty() && type.plural().equals("services");
  }

  @Override
  public void beforeCreate(ResourceType type, ObjectNode svc, boolean dryRun) {
    if (!isService(type) || dryRun) return;
    ObjectNode spec = Json.objectAt(svc, "spec");
    String namespace = Json.text(svc, "metadata.namespace");
    String name = Json.text(svc, "metadata.name");
    // An existing service must fail as AlreadyExists, not as a clash of the address it holds.
    if (storage.get(type.key(namespace, name)).isPresent()) throw ApiException.alreadyExists("", "services", name);
    String owner = namespace + "/" + name;
    String svcType = Json.text(spec, "type");
    List<String> reserved = new ArrayList<>();
    try {
      if (!"ExternalName".equals(svcType)) {
        String ip = Json.text(spec, "clusterIP");
        if (ip == null || ip.isEmpty()) {
          ip = allocateIp(owner);
        } else if (!ip.equals("None")) {
          reserveIp(ip, owner);
        }
        if (!ip.equals("None")) reserved.add(IP_PREFIX + ip);
        spec.put("clusterIP", ip);
        spec.putArray("clusterIPs").add(ip);
      }
      if ("NodePort".equals(svcType) || "LoadBalancer".equals(svcType)) {
        for (JsonNode p : spec.path("ports")) {
          ObjectNode port = (ObjectNode) p;
          int nodePort = port.path("nodePort").asInt(0);
          if (nodePort == 0) nodePort = allocatePort(owner);
          else reservePort(nodePort, owner);
          reserved.add(PORT_PREFIX + nodePort);
          port.put("nodePort", nodePort);
        }
      }
    } catch (RuntimeException e) {
      reserved.forEach(this::release);
      throw e;
    }
  }

  @Override
  public void createFailed(ResourceType type, ObjectNode svc) {
    if (isService(type)) releaseAll(svc);
  }

  /**
   * As Kubernetes' service storage on update: a client that omits allocated values keeps them; a
   * type change allocates what the new type needs (a cluster IP after ExternalName, node ports
   * for NodePort and LoadBalancer); a new node port the client chose is reserved. What the service
   * no longer holds is released by {@link ServiceAllocationRepair} (an update may still fail or be
   * retried after this hook, so nothing is released here).
   */
  @Override
  public void beforeUpdate(ResourceType type, ObjectNode svc, ObjectNode old) {
    if (!isService(type)) return;
    ObjectNode spec = Json.objectAt(svc, "spec");
    JsonNode oldSpec = old.path("spec");
    String owner = Json.text(svc, "metadata.namespace") + "/" + Json.text(svc, "metadata.name");
    String svcType = Json.text(spec, "type");
    List<String> reserved = new ArrayList<>();
    try {
      if (!"ExternalName".equals(svcType)) updateClusterIp(svc, spec, oldSpec, owner, reserved);
      if ("NodePort".equals(svcType) || "LoadBalancer".equals(svcType)) updateNodePorts(spec, oldSpec, owner, reserved);
    } catch (RuntimeException e) {
      reserved.forEach(this::release);
      throw e;
    }
  }

  private void updateClusterIp(ObjectNode svc, ObjectNode spec, JsonNode oldSpec, String owner, List<String> reserved) {
    String ip = Json.text(spec, "clusterIP");
    String oldIp = oldSpec.path("clusterIP").asString("");
    if (ip == null || ip.isEmpty()) {
      if (!oldIp.isEmpty()) {
        spec.set("clusterIP", oldSpec.get("clusterIP"));
        spec.set("clusterIPs", oldSpec.path("clusterIPs").deepCopy());
      } else {
        ip = allocateIp(owner);
        reserved.add(IP_PREFIX + ip);
        spec.put("clusterIP", ip);
        spec.putArray("clusterIPs").add(ip);
      }
    } else if (!ip.equals(oldIp)) {
      if (!oldIp.isEmpty()) {
        throw ApiException.invalid("", "Service", Json.text(svc, "metadata.name"), List.of(new ApiException.Cause(
            "FieldValueInvalid", "Invalid value: \"" + ip + "\": field is immutable", "spec.clusterIPs[0]")));
      }
      if (!ip.equals("None")) {
        reserveIp(ip, owner);
        reserved.add(IP_PREFIX + ip);
      }
      spec.putArray("clusterIPs").add(ip);
    }
    if (!spec.has("clusterIPs") && spec.hasNonNull("clusterIP")) spec.putArray("clusterIPs").add(spec.get("clusterIP"));
  }

  private void updateNodePorts(ObjectNode spec, JsonNode oldSpec, String owner, List<String> reserved) {
    JsonNode oldPorts = oldSpec.path("ports");
    for (JsonNode p : spec.path("ports")) {
      ObjectNode port = (ObjectNode) p;
      int nodePort = port.path("nodePort").asInt(0);
      if (nodePort == 0) {
        for (JsonNode o : oldPorts) {
          if (o.path("port").asInt() == port.path("port").asInt()
              && o.path("protocol").asString("TCP").equals(port.path("protocol").asString("TCP"))) {
            nodePort = o.path("nodePort").asInt(0);
          }
        }
        if (nodePort == 0) {
          nodePort = allocatePort(owner);
          reserved.add(PORT_PREFIX + nodePort);
        }
        port.put("nodePort", nodePort);
      } else if (!holds(oldPorts, nodePort)) {
        reservePort(nodePort, owner);
        reserved.add(PORT_PREFIX + nodePort);
      }
    }
  }

  private static boolean holds(JsonNode ports, int nodePort) {
    for (JsonNode o : ports) if (o.path("nodePort").asInt(0) == nodePort) return true;
    return false;
  }

  @Override
  public void afterDelete(ResourceType type, ObjectNode svc) {
    if (isService(type)) releaseAll(svc);
  }

  private void releaseAll(ObjectNode svc) {
    String ip = Json.text(svc, "spec.clusterIP");
    if (ip != null && !ip.isEmpty() && !ip.equals("None")) release(IP_PREFIX + ip);
    for (JsonNode p : svc.path("spec").path("ports")) {
      if (p.path("nodePort").asInt(0) != 0) release(PORT_PREFIX + p.path("nodePort").asInt());
    }
  }

  private String allocateIp(String owner) {
    int start = RANDOM.nextInt(SIZE - STATIC_BAND - 1);
    for (int i = 0; i < SIZE - STATIC_BAND - 1; i++) {
      int offset = STATIC_BAND + (start + i) % (SIZE - STATIC_BAND - 1);
      String ip = format(BASE + offset);
      if (tryReserve(IP_PREFIX + ip, owner)) return ip;
    }
    throw new ApiException(500, "InternalError", "Internal error occurred: failed to allocate a serviceIP: range is full");
  }

  private void reserveIp(String ip, String owner) {
    int addr = parse(ip);
    if (addr == Integer.MIN_VALUE || addr - BASE <= 0 || addr - BASE >= SIZE - 1) {
      throw invalidIp(ip, "the provided IP (" + ip + ") is not in the valid range. The range of valid IPs is 10.96.0.0/16");
    }
    if (!tryReserve(IP_PREFIX + ip, owner)) throw invalidIp(ip, "provided IP is already allocated");
  }

  private int allocatePort(String owner) {
    int range = PORT_MAX - PORT_MIN + 1;
    int start = RANDOM.nextInt(range);
    for (int i = 0; i < range; i++) {
      int port = PORT_MIN + (start + i) % range;
      if (tryReserve(PORT_PREFIX + port, owner)) return port;
    }
    throw new ApiException(500, "InternalError", "Internal error occurred: failed to allocate a nodePort: range is full");
  }

  private void reservePort(int port, String owner) {
    if (port < PORT_MIN || port > PORT_MAX) {
      throw invalidField("spec.ports[0].nodePort", Integer.toString(port),
          "provided port is not in the valid range. The range of valid ports is 30000-32767");
    }
    if (!tryReserve(PORT_PREFIX + port, owner)) {
      throw invalidField("spec.ports[0].nodePort", Integer.toString(port), "provided port is already allocated");
    }
  }

  private boolean tryReserve(String key, String owner) {
    try {
      storage.create(key, owner.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (StorageException e) {
      if (e.code() == StorageException.Code.KEY_EXISTS) return false;
      throw ApiException.unavailable("cannot allocate: " + e.getMessage());
    }
  }

  private void release(String key) {
    try {
      storage.delete(key, current -> {});
    } catch (StorageException e) {
      if (e.code() != StorageException.Code.NOT_FOUND) throw ApiException.unavailable("cannot release " + key);
    }
  }

  private static ApiException invalidIp(String ip, String why) {
    return invalidField("spec.clusterIPs", "[]string{\"" + ip + "\"}", "failed to allocate IP " + ip + ": " + why);
  }

  private static ApiException invalidField(String field, String value, String why) {
    return ApiException.invalid("", "Service", null,
        List.of(new ApiException.Cause("FieldValueInvalid", "Invalid value: " + value + ": " + why, field)));
  }

  static String format(int addr) {
    return ((addr >>> 24) & 255) + "." + ((addr >>> 16) & 255) + "." + ((addr >>> 8) & 255) + "." + (addr & 255);
  }

  static int parse(String ip) {
    String[] parts = ip.split("\\.");
    if (parts.length != 4) return Integer.MIN_VALUE;
    int addr = 0;
    for (String p : parts) {
      int v;
      try {
        v = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        return Integer.MIN_VALUE;
      }
      if (v < 0 || v > 255) return Integer.MIN_VALUE;
      addr = (addr << 8) | v;
    }
    return addr;
  }
}
