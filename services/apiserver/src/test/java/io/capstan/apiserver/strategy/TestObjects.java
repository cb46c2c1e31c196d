package io.capstan.apiserver.strategy;

import io.capstan.model.ApiException.Cause;
import io.capstan.model.Json;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** Helpers for strategy tests: JSON literals and causes as kubectl prints them. */
final class TestObjects {
  private TestObjects() {}

  static ObjectNode json(String s) {
    return (ObjectNode) Json.MAPPER.readTree(s.replace('\'', '"'));
  }

  /** Each cause as {@code field: message}, the way ApiException.invalid joins them. */
  static List<String> lines(List<Cause> causes) {
    return causes.stream().map(c -> c.field() == null || c.field().isEmpty()
        ? c.message() : c.field() + ": " + c.message()).toList();
  }

  static final String SUBDOMAIN_MSG = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric "
      + "characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
      + "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  static final String LABEL_MSG = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters "
      + "or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used "
      + "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  static final String DNS1035_MSG = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', "
      + "start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', "
      + "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
}
