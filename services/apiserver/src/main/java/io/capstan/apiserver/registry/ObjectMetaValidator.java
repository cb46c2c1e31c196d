package io.capstan.apiserver.registry;

import io.capstan.apiserver.resource.ResourceType;
import io.capstan.apiserver.strategy.ObjectMetaValidation;
import io.capstan.model.ApiException;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/** Kubernetes' ObjectMeta rules (name format per kind, labels, annotations, immutable fields). */
@Component
public class ObjectMetaValidator implements MetadataValidator {

  @Override
  public List<ApiException.Cause> validateCreate(ResourceType type, ObjectNode object) {
    return ObjectMetaValidation.validateCreate(type, object);
  }

  @Override
  public List<ApiException.Cause> validateUpdate(ResourceType type, ObjectNode object, ObjectNode old) {
    return ObjectMetaValidation.validateUpdate(type, object, old);
  }
}
