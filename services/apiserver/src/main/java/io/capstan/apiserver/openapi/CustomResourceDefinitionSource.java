package io.capstan.apiserver.openapi;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Where the OpenAPI documents find a CRD by name ("crontabs.stable.example.com") for its schemas. */
@FunctionalInterface
public interface CustomResourceDefinitionSource {
  Optional<JsonNode> find(String crdName);
}
