package io.capstan.model.selector;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LabelValidationTest {

  @Test
  void subdomainMessageIsUpstreams() {
    assertThat(LabelValidation.isDNS1123Subdomain("Bad_Name")).containsExactly(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must "
            + "start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
    assertThat(LabelValidation.isDNS1123Subdomain("a".repeat(254))).containsExactly("must be no more than 253 bytes");
    assertThat(LabelValidation.isDNS1123Subdomain("a.b-c.d")).isEmpty();
  }

  @Test
  void labelMessages() {
    assertThat(LabelValidation.isDNS1123Label("a.b")).containsExactly("must not contain dots");
    assertThat(LabelValidation.isDNS1123Label("A")).containsExactly(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and "
            + "end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
            + "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')");
    assertThat(LabelValidation.isDNS1035Label("1abc")).containsExactly(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic "
            + "character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for "
            + "validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
    assertThat(LabelValidation.isDNS1035Label("abc-1")).isEmpty();
    assertThat(LabelValidation.isDNS1123Label("1abc")).isEmpty();
    assertThat(LabelValidation.isDNS1123Label("a".repeat(64))).containsExactly("must be no more than 63 bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"simple", "now-with-dashes", "1-starts-with-num", "1234", "simple/simple",
      "now-with-dashes/simple", "example.com/MyName", "a.b/c_d", "A"})
  void validQualifiedNames(String s) {
    assertThat(LabelValidation.isQualifiedName(s)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "nospecialchars%^=@", "cantendwithadash-", "-cantstartwithadash", "only/one/slash",
      "Example.com/name", "/name", "name/", "_name"})
  void invalidQualifiedNames(String s) {
    assertThat(LabelValidation.isQualifiedName(s)).isNotEmpty();
  }

  @Test
  void qualifiedNameWithTwoSlashes() {
    assertThat(LabelValidation.isQualifiedName("a/b/c")).containsExactly(
        "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
            + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. "
            + "'example.com/MyName')");
    assertThat(LabelValidation.isQualifiedName("")).containsExactly("name part must be non-empty",
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
            + "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
            + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
  }

  @Test
  void labelValues() {
    assertThat(LabelValidation.isLabelValue("")).isEmpty();
    assertThat(LabelValidation.isLabelValue("a_b.c-D")).isEmpty();
    assertThat(LabelValidation.isLabelValue("a b")).hasSize(1);
    assertThat(LabelValidation.isLabelValue("x".repeat(64))).containsExactly("must be no more than 63 bytes");
  }

  @Test
  void goQuote() {
    assertThat(LabelValidation.quote("a\"b\\c\n\u0001é")).isEqualTo("\"a\\\"b\\\\c\\n\\x01é\"");
  }
}
