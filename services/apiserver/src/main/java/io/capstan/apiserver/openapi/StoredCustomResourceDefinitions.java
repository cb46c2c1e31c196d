package io.capstan.apiserver.openapi;

import io.capstan.apiserver.storage.Storage;
import io.capstan.model.Json;
import java.util.Optional;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/** Reads CRDs from storage, where the CRD registry keeps them. */
@Component
public class StoredCustomResourceDefinitions implements CustomResourceDefinitionSource {
  static final String PREFIX = "/registry/apiextensions.k8s.io/customresourcedefinitions/";
  private final Storage storage;

  public StoredCustomResourceDefinitions(Storage storage) {
    this.storage = storage;
  }

  @Override
  public Optional<JsonNode> find(String crdName) {
    return storage.get(PREFIX + crdName).map(e -> Json.MAPPER.readTree(e.value()));
  }
}
