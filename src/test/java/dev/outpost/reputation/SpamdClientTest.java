package dev.outpost.reputation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class SpamdClientTest {

  @Test
  void readsTheVerdictAndTheRules() throws IOException {
    var verdict = SpamdClient.parse("SPAMD/1.1 0 EX_OK\r\nContent-length: 23\r\nSpam: True ; 1000.0 / 5.0\r\n\r\n"
        + "GTUBE,MISSING_DATE");
    assertThat(verdict).isEqualTo(new SpamdClient.Verdict(true, 1000.0, 5.0, java.util.List.of("GTUBE", "MISSING_DATE")));
  }

  @Test
  void refusalsAreErrorsNotVerdicts() {
    assertThatThrownBy(() -> SpamdClient.parse("SPAMD/1.0 76 Bad header line\r\n\r\n"))
        .isInstanceOf(IOException.class).hasMessageContaining("Bad header line");
    assertThatThrownBy(() -> SpamdClient.parse("HTTP/1.1 400\r\n\r\n")).isInstanceOf(IOException.class);
  }
}
