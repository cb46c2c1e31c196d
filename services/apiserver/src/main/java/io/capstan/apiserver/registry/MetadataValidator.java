package io.capstan.apiserver.registry;

import io.capstan.apiserver.resource.ResourceType;
import io.capstan.model.ApiException;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Validates object metadata (name rules, labels, annotations) that every kind shares. */
public interface MetadataValidator {

  List<ApiException.Cause> validateCreate(ResourceType type, ObjectNode object);

  List<ApiException.Cause> validateUpdate(ResourceType type, ObjectNode object, ObjectNode old);
}
