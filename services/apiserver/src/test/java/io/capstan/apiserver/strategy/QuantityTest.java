package io.capstan.apiserver.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class QuantityTest {

  @ParameterizedTest
  @CsvSource({"500m, 0.5", "1, 1", "1Ki, 1024", "2Gi, 2147483648", "1k, 1000", "1.5, 1.5", "1e3, 1000", "100M, 100000000",
      "-1, -1", "10n, 0.00000001"})
  void parses(String text, String value) {
    assertThat(Quantity.parse(text)).isEqualByComparingTo(new BigDecimal(value));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "1Gb", "1 Gi", "1.2.3", "Mi"})
  void rejects(String text) {
    assertThat(Quantity.parse(text)).isNull();
  }
}
