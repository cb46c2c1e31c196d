package io.capstan.apiserver.web;

import io.capstan.apiserver.apply.ManagedFieldsTracker;
import io.capstan.apiserver.apply.WriteScope;
import io.capstan.apiserver.registry.RegistryHook;
import io.capstan.apiserver.resource.ResourceType;
import java.time.Clock;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * Records field ownership (metadata.managedFields) for every create and update made through the
 * API, so a later server-side apply sees who owns what. Applies compute their own entries; writes
 * the server makes by itself (no request context) are not attributed to anyone.
 */
@Component
public class ManagedFieldsRecorder implements RegistryHook {
  private final ManagedFieldsTracker tracker;
  private final Clock clock;

  public ManagedFieldsRecorder(ManagedFieldsTracker tracker, Clock clock) {
    this.tracker = tracker;
    this.clock = clock;
  }

  @Override
  public void beforeCreate(ResourceType type, ObjectNode object, boolean dryRun) {
    record(type, null, object);
  }

  @Override
  public void beforeUpdate(ResourceType type, ObjectNode object, ObjectNode old) {
    record(type, old, object);
  }

  private void record(ResourceType type, ObjectNode old, ObjectNode object) {
    WriteContext ctx = WriteContext.current();
    if (ctx == null || ctx.apply() || ctx.manager() == null || ctx.manager().isEmpty()) return;
    WriteScope scope = ctx.scope() == null ? WriteScope.MAIN : ctx.scope();
    tracker.recordUpdate(old, object, ctx.manager(), "Update", type.apiVersion(), clock.instant(), scope);
  }
}
