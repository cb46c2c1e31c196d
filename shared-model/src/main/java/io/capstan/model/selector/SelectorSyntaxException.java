package io.capstan.model.selector;

import io.capstan.model.ApiException;

/**
 * A selector that does not parse or validate. It is a 400 BadRequest whose message is the error
 * text Kubernetes' parser gives, so the API server can return it unchanged.
 */
public class SelectorSyntaxException extends ApiException {
  public SelectorSyntaxException(String message) {
    super(400, "BadRequest", message);
  }
}
