package dev.outpost.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {

  @Test
  void parsesMailWithParameters() {
    assertThat(CommandParser.parse("mail from:<a@example.com> SIZE=100 body=8BITMIME"))
        .isEqualTo(new SmtpCommand.Mail("a@example.com", Map.of("SIZE", "100", "BODY", "8BITMIME")));
  }

  @Test
  void nullSenderAndSpaceAfterColon() {
    assertThat(CommandParser.parse("MAIL FROM: <>")).isEqualTo(new SmtpCommand.Mail("", Map.of()));
  }

  @Test
  void sourceRouteIsDropped() {
    assertThat(CommandParser.parse("RCPT TO:<@relay.example,@other.example:user@final.example>"))
        .isEqualTo(new SmtpCommand.Rcpt("user@final.example", Map.of()));
  }

  @Test
  void quotedLocalPartKeepsItsAtSign() {
    assertThat(CommandParser.parse("RCPT TO:<\"user@other\"@local.example>"))
        .isEqualTo(new SmtpCommand.Rcpt("\"user@other\"@local.example", Map.of()));
  }

  @Test
  void bareAndDomainlessPostmaster() {
    assertThat(CommandParser.parse("RCPT TO:<Postmaster>")).isEqualTo(new SmtpCommand.Rcpt("Postmaster", Map.of()));
    assertThat(CommandParser.parse("MAIL FROM:<Postmaster>")).isInstanceOf(SmtpCommand.Invalid.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "RCPT TO:user@example.com", "RCPT TO:<user@other@local.example>", "RCPT TO:<other!user>",
      "RCPT TO:<user@>", "RCPT TO:<@a:>", "RCPT TO:<a b@example.com>", "RCPT TO:<a@exa_mple.com>",
      "RCPT TO:<a@[300.1.1.1]>", "RCPT TO:<a..b@example.com>", "RCPT TO:<a@example.com>SIZE=1"})
  void malformedRecipientsGet501(String line) {
    SmtpCommand command = CommandParser.parse(line);
    assertThat(command).isInstanceOf(SmtpCommand.Invalid.class);
    assertThat(((SmtpCommand.Invalid) command).reply().code()).isEqualTo(501);
  }

  @Test
  void addressLiterals() {
    assertThat(CommandParser.parse("RCPT TO:<a@[192.0.2.1]>")).isInstanceOf(SmtpCommand.Rcpt.class);
    assertThat(CommandParser.parse("RCPT TO:<a@[IPv6:2001:db8::1]>")).isInstanceOf(SmtpCommand.Rcpt.class);
  }

  @Test
  void bdat() {
    assertThat(CommandParser.parse("BDAT 1000 LAST")).isEqualTo(new SmtpCommand.Bdat(1000, true));
    assertThat(CommandParser.parse("BDAT 12")).isEqualTo(new SmtpCommand.Bdat(12, false));
    assertThat(((SmtpCommand.Invalid) CommandParser.parse("BDAT x")).reply()).isEqualTo(Replies.BDAT_SIZE_INVALID);
  }

  @Test
  void unknownVerbIs500AndArgumentsWhereNoneBelongAre501() {
    assertThat(((SmtpCommand.Invalid) CommandParser.parse("FOO bar")).reply()).isEqualTo(Replies.UNRECOGNIZED);
    assertThat(((SmtpCommand.Invalid) CommandParser.parse("DATA now")).reply().code()).isEqualTo(501);
    assertThat(((SmtpCommand.Invalid) CommandParser.parse("EHLO")).reply().code()).isEqualTo(501);
  }

  @Test
  void addressLimitsAreCountedInOctetsAsTheyTravelUnderSmtpUtf8() {
    String local64 = "é".repeat(32);
    String local66 = "é".repeat(33);
    assertThat(CommandParser.parse("RCPT TO:<" + local64 + "@example.com>")).isInstanceOf(SmtpCommand.Rcpt.class);
    assertThat(CommandParser.parse("RCPT TO:<" + local66 + "@example.com>"))
        .isInstanceOfSatisfying(SmtpCommand.Invalid.class,
            i -> assertThat(String.join(" ", i.reply().lines())).contains("local part longer than 64 octets"));

    // A domain's DNS limits apply to its punycode form, so its labels are counted in characters;
    // the whole address is held to 254 octets.
    String label = "ü".repeat(40);
    assertThat(CommandParser.parse("RCPT TO:<a@" + label + ".example>")).isInstanceOf(SmtpCommand.Rcpt.class);
    String domain = String.join(".", java.util.Collections.nCopies(4, "ü".repeat(40))) + ".example";
    assertThat(("a@" + domain).length()).isLessThanOrEqualTo(254);
    assertThat(Mailbox.utf8Length("a@" + domain)).isGreaterThan(254);
    assertThat(CommandParser.parse("RCPT TO:<a@" + domain + ">"))
        .isInstanceOfSatisfying(SmtpCommand.Invalid.class,
            i -> assertThat(String.join(" ", i.reply().lines())).contains("address longer than 254 octets"));
  }

  @Test
  void octetLengthCountsEveryUtf8Width() {
    assertThat(Mailbox.utf8Length("a")).isEqualTo(1);
    assertThat(Mailbox.utf8Length("é")).isEqualTo(2);
    assertThat(Mailbox.utf8Length("€")).isEqualTo(3);
    assertThat(Mailbox.utf8Length("\uD83D\uDCEE")).isEqualTo(4);
  }
}
