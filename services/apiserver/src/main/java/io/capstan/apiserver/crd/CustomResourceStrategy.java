package io.capstan.apiserver.crd;

import io.capstan.apiserver.resource.ResourceStrategy;
import io.capstan.apiserver.resource.ScalePaths;
import tools.jackson.databind.JsonNode;

/**
 * Behaviour of one served version of a custom resource, taken from its CRD: whether status is a
 * subresource, where the scale numbers live, and the printer columns for kubectl.
 */
public record CustomResourceStrategy(boolean hasStatus, ScalePaths scalePaths, JsonNode printerColumns)
    implements ResourceStrategy {}
