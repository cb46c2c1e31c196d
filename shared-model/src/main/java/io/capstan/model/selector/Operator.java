package io.capstan.model.selector;

/**
 * A label-selector operator ({@code k8s.io/apimachinery/pkg/selection.Operator}); {@link #token()}
 * is the string Kubernetes uses for it in messages.
 */
public enum Operator {
  IN("in"),
  NOT_IN("notin"),
  EQUALS("="),
  DOUBLE_EQUALS("=="),
  NOT_EQUALS("!="),
  GREATER_THAN("gt"),
  LESS_THAN("lt"),
  EXISTS("exists"),
  DOES_NOT_EXIST("!");

  private final String token;

  Operator(String token) {
    this.token = token;
  }

  public String token() {
    return token;
  }
}
