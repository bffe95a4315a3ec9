package dev.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientCommandTest {

  @Test
  void formatsCommandsWithParameters() {
    assertThat(new ClientCommand.MailFrom("a@example.com", List.of("SIZE=5120", "BODY=8BITMIME")).text())
        .isEqualTo("MAIL FROM:<a@example.com> SIZE=5120 BODY=8BITMIME");
    assertThat(new ClientCommand.MailFrom("", List.of()).text()).isEqualTo("MAIL FROM:<>");
    assertThat(new ClientCommand.RcptTo("b@example.org", List.of()).text()).isEqualTo("RCPT TO:<b@example.org>");
    assertThat(new String(new ClientCommand.Data().bytes(), StandardCharsets.US_ASCII)).isEqualTo("DATA\r\n");
    assertThat(new ClientCommand.Ehlo("mta.example.com").text()).isEqualTo("EHLO mta.example.com");
  }

  @Test
  void groupEndersFollowRfc2920() {
    assertThat(new ClientCommand.MailFrom("a@b", List.of()).endsGroup()).isFalse();
    assertThat(new ClientCommand.RcptTo("a@b", List.of()).endsGroup()).isFalse();
    assertThat(new ClientCommand.Rset().endsGroup()).isFalse();
    assertThat(new ClientCommand.Data().endsGroup()).isTrue();
    assertThat(new ClientCommand.StartTls().endsGroup()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"a@b.com\r\nRCPT TO:<evil@x>", "a@b.com\nDATA", "a@b.com\r", "\n"})
  void addressesWithCrOrLfAreRefused(String address) {
    assertThatThrownBy(() -> new ClientCommand.RcptTo(address, List.of()))
        .isInstanceOf(UnsafeCommandException.class)
        .hasMessageContaining("recipient address")
        .hasMessageContaining("inject");
    assertThatThrownBy(() -> new ClientCommand.MailFrom(address, List.of()))
        .isInstanceOf(UnsafeCommandException.class)
        .hasMessageContaining("sender address");
  }

  @Test
  void parametersAndNamesWithCrOrLfAreRefused() {
    assertThatThrownBy(() -> new ClientCommand.MailFrom("a@b", List.of("SIZE=1\r\nRSET")))
        .isInstanceOf(UnsafeCommandException.class).hasMessageContaining("MAIL FROM parameter");
    assertThatThrownBy(() -> new ClientCommand.RcptTo("a@b", List.of("NOTIFY=NEVER\n")))
        .isInstanceOf(UnsafeCommandException.class).hasMessageContaining("RCPT TO parameter");
    assertThatThrownBy(() -> new ClientCommand.Ehlo("host\r\nQUIT"))
        .isInstanceOf(UnsafeCommandException.class).hasMessageContaining("EHLO name");
  }
}
