package dev.outpost.suppression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SuppressionCsvTest {
  private static final Instant T0 = Instant.parse("2030-01-15T10:00:00Z");
  private static final SuppressionScope ACME = SuppressionScope.account("acme");

  @Test
  void entriesSurviveAWriteAndReadWithCommasQuotesAndLineBreaksInTheDetail() {
    List<Suppression> entries = List.of(
        new Suppression(ACME, "a@example.test", SuppressionReason.HARD_BOUNCE, "550 5.1.1 \"gone\", sorry\r\nbye",
            T0, null),
        new Suppression(ACME, "b@example.test", SuppressionReason.UNSUBSCRIBE, "", T0, T0.plusSeconds(3600)));

    String csv = SuppressionCsv.write(entries);

    assertThat(csv).startsWith(SuppressionCsv.HEADER + "\r\n");
    assertThat(SuppressionCsv.read(csv, ACME, T0.plusSeconds(99))).isEqualTo(entries);
  }

  @Test
  void aFileWithoutHeaderOrCreationTimeIsImportedAsOfNow() {
    assertThat(SuppressionCsv.read("X@Example.test,manual,,,\n", SuppressionScope.GLOBAL, T0))
        .containsExactly(new Suppression(SuppressionScope.GLOBAL, "x@example.test", SuppressionReason.MANUAL, "", T0,
            null));
  }

  @Test
  void aBadRecordIsNamedByNumber() {
    assertThatThrownBy(() -> SuppressionCsv.read(SuppressionCsv.HEADER + "\nx@example.test,spam,,,\n", ACME, T0))
        .hasMessageStartingWith("record 2: unknown suppression reason \"spam\"");
    assertThatThrownBy(() -> SuppressionCsv.read("x@example.test,manual,,yesterday,\n", ACME, T0))
        .hasMessage("record 1: \"yesterday\" is not an ISO-8601 time such as 2030-01-15T10:00:00Z");
    assertThatThrownBy(() -> SuppressionCsv.read("x@example.test,manual\n", ACME, T0))
        .hasMessageStartingWith("record 1: expected 5 fields");
  }
}
