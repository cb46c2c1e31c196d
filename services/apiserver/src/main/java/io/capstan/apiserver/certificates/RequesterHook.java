package io.capstan.apiserver.certificates;

import io.capstan.apiserver.registry.RegistryHook;
import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.security.RequestUser;
import io.capstan.apiserver.security.UserInfo;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CSR's {@code spec.username/uid/groups/extra} are the requester's, set by the server whatever
 * the client sent (Kubernetes' {@code PrepareForCreate}), so approvers see who asked.
 */
@Component
public class RequesterHook implements RegistryHook {
  @Override
  public void beforeCreate(ResourceType type, ObjectNode object, boolean dryRun) {
    if (!type.group().equals("certificates.k8s.io")) return;
    ObjectNode spec = object.has("spec") && object.get("spec").isObject() ? (ObjectNode) object.get("spec") : object.putObject("spec");
    spec.remove(java.util.List.of("username", "uid", "groups", "extra"));
    UserInfo user = RequestUser.current().orElse(null);
    if (user == null) return;
    spec.put("username", user.name());
    if (!user.uid().isEmpty()) spec.put("uid", user.uid());
    ArrayNode groups = spec.putArray("groups");
    user.groups().forEach(groups::add);
    if (!user.extra().isEmpty()) {
      ObjectNode extra = spec.putObject("extra");
      user.extra().forEach((k, v) -> {
        ArrayNode values = extra.putArray(k);
        v.forEach(values::add);
      });
    }
  }
}
