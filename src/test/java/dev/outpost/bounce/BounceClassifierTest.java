package dev.outpost.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BounceClassifierTest {
  private static final BounceClassifier BUILT_IN = BounceClassifier.builtIn();

  @TempDir Path dir;

  /** Real replies as receiving servers send them (status, then the reply or local reason on one line). */
  static Stream<Arguments> replies() {
    return Stream.of(
        // Gmail
        row("5.1.1", "550 5.1.1 The email account that you tried to reach does not exist. Please try double-checking"
            + " the recipient's email address for typos or unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser",
            BounceCategory.UNKNOWN_USER),
        row("4.2.2", "452 4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to"
            + " https://support.google.com/mail/?p=OverQuotaTemp", BounceCategory.MAILBOX_FULL),
        row("5.2.2", "552 5.2.2 The email account that you tried to reach is over quota.", BounceCategory.MAILBOX_FULL),
        row("5.7.26", "550 5.7.26 This mail has been blocked because the sender is unauthenticated. Gmail requires"
            + " all senders to authenticate with either SPF or DKIM.", BounceCategory.BLOCKED_BY_POLICY),
        row("5.7.26", "550 5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy.",
            BounceCategory.BLOCKED_BY_POLICY),
        row("5.7.27", "550 5.7.27 The sender's domain does not pass SPF", BounceCategory.BLOCKED_BY_POLICY),
        row("4.7.28", "421 4.7.28 Our system has detected an unusual rate of unsolicited mail originating from your IP"
            + " address. To protect our users from spam, mail sent from your IP address has been temporarily rate"
            + " limited.", BounceCategory.RATE_LIMITED),
        row("4.7.0", "421 4.7.0 Our system has detected an unusual rate of mail. Try again later.",
            BounceCategory.RATE_LIMITED),
        row("4.2.1", "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents"
            + " additional messages from being delivered.", BounceCategory.RATE_LIMITED),
        row("5.7.1", "550 5.7.1 Our system has detected that this message is likely unsolicited mail. To reduce the"
            + " amount of spam sent to Gmail, this message has been blocked.", BounceCategory.BLOCKED_AS_SPAM),
        row("5.7.1", "550 5.7.1 Message blocked", BounceCategory.BLOCKED_AS_SPAM),
        row("5.7.0", "552 5.7.0 This message was blocked because its content presents a potential security issue.",
            BounceCategory.CONTENT_REJECTED),
        row("5.7.25", "550 5.7.25 The IP address sending this message does not have a PTR record setup",
            BounceCategory.BLOCKED_BY_POLICY),
        // Microsoft
        row("5.5.0", "550 5.5.0 Requested action not taken: mailbox unavailable (S2017062302)",
            BounceCategory.UNKNOWN_USER),
        row("5.1.10", "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
            BounceCategory.UNKNOWN_USER),
        row("5.7.1", "550 5.7.1 Unfortunately, messages from [203.0.113.5] weren't sent. Please contact your Internet"
            + " service provider since part of their network is on our block list (S3150).",
            BounceCategory.BLOCKED_AS_SPAM),
        row("5.7.1", "550 5.7.1 Service unavailable, Client host [203.0.113.5] blocked using Spamhaus (S3140)",
            BounceCategory.BLOCKED_AS_SPAM),
        row("4.7.650", "451 4.7.650 The mail server [203.0.113.5] has been temporarily rate limited due to IP"
            + " reputation.", BounceCategory.RATE_LIMITED),
        row("5.7.606", "550 5.7.606 Access denied, banned sending IP [203.0.113.5].", BounceCategory.BLOCKED_AS_SPAM),
        row("5.4.1", "550 5.4.1 Recipient address rejected: Access denied. AS(201806281)", BounceCategory.UNKNOWN_USER),
        // Yahoo / AOL
        row("4.7.0", "421 4.7.0 [TSS04] Messages from 203.0.113.5 temporarily deferred due to unexpected volume or"
            + " user complaints - 4.16.55.1", BounceCategory.RATE_LIMITED),
        row("4.7.0", "421 4.7.0 [TS04] Messages from 203.0.113.5 temporarily deferred", BounceCategory.RATE_LIMITED),
        row("5.7.9", "554 5.7.9 Message not accepted for policy reasons.", BounceCategory.BLOCKED_BY_POLICY),
        row("5.0.0", "554 delivery error: dd This user doesn't have a yahoo.com account (x@yahoo.com) [0]",
            BounceCategory.UNKNOWN_USER),
        row("5.7.1", "553 5.7.1 [BL21] Connections will not be accepted from 203.0.113.5, because the ip is in"
            + " Spamhaus's list", BounceCategory.BLOCKED_AS_SPAM),
        // Postfix, Exim, Sendmail and others
        row("5.1.1", "550 5.1.1 <x@example.com>: Recipient address rejected: User unknown in virtual mailbox table",
            BounceCategory.UNKNOWN_USER),
        row("5.0.0", "550 No such user here", BounceCategory.UNKNOWN_USER),
        row("5.7.1", "554 5.7.1 <x@example.org>: Relay access denied", BounceCategory.RELAY_DENIED),
        row("5.7.1", "550 5.7.1 Unable to relay for x@example.org", BounceCategory.RELAY_DENIED),
        row("5.7.1", "554 5.7.1 Service unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org",
            BounceCategory.BLOCKED_AS_SPAM),
        row("5.0.0", "550 203.0.113.5 is listed at bl.spamcop.net", BounceCategory.BLOCKED_AS_SPAM),
        row("5.2.2", "552 5.2.2 <x@example.com>: user is over quota", BounceCategory.MAILBOX_FULL),
        row("4.2.2", "452 4.2.2 Mailbox full", BounceCategory.MAILBOX_FULL),
        row("5.2.2", "552 5.2.2 Mailbox size limit exceeded", BounceCategory.MAILBOX_FULL),
        row("5.3.4", "552 5.3.4 Message size exceeds fixed maximum message size", BounceCategory.MESSAGE_TOO_LARGE),
        row("5.0.0", "552 Message too large", BounceCategory.MESSAGE_TOO_LARGE),
        row("5.7.1", "550 5.7.1 Email rejected per DMARC policy for example.com", BounceCategory.BLOCKED_BY_POLICY),
        row("5.7.23", "550 5.7.23 SPF validation failed", BounceCategory.BLOCKED_BY_POLICY),
        row("4.7.1", "450 4.7.1 <x@example.net>: Recipient address rejected: Greylisted, see"
            + " http://postgrey.schweikert.ch/", BounceCategory.OTHER),
        row("5.7.0", "530 5.7.0 Must issue a STARTTLS command first", BounceCategory.TLS),
        row("5.7.0", "530 5.7.0 Authentication required", BounceCategory.SENDER_AUTHENTICATION),
        row("5.7.8", "535 5.7.8 Error: authentication failed: authentication failure", BounceCategory.SENDER_AUTHENTICATION),
        row("5.1.10", "556 5.1.10 Recipient address has null MX", BounceCategory.DNS),
        row("5.1.2", "550 5.1.2 Host or domain name not found. Name service error for name=nx.example type=MX",
            BounceCategory.DNS),
        row("5.7.1", "554 5.7.1 Rejected: virus found in message (Eicar-Signature)", BounceCategory.CONTENT_REJECTED),
        row("4.7.0", "421 4.7.0 Too many connections from your IP, slow down", BounceCategory.RATE_LIMITED),
        row("4.3.2", "421 4.3.2 Service not available, closing transmission channel", BounceCategory.RATE_LIMITED),
        row("5.6.0", "550 5.6.0 Message headers fail syntax check", BounceCategory.CONTENT_REJECTED),
        row("5.0.0", "554 Transaction failed", BounceCategory.OTHER),
        // Outpost's own reasons
        row("4.4.1", "connect to mx.example.com[192.0.2.1]:25 failed: Connection refused", BounceCategory.CONNECTION),
        row("4.4.2", "timeout after 5 minutes with mx.example.com[192.0.2.1]:25 while waiting for the greeting",
            BounceCategory.CONNECTION),
        row("4.7.0", "TLS failure with mx.example.com[192.0.2.1]:25 during the TLS handshake: PKIX path building failed",
            BounceCategory.TLS),
        row("4.4.4", "host mx.nx.example not found", BounceCategory.DNS),
        row("5.4.7", "expired after 5 days in the queue: last reply 452 4.2.2 Mailbox full", BounceCategory.EXPIRED),
        row("5.3.4", "message size 30000000 exceeds the limit of 10485760 octets of mx.example.com[192.0.2.1]:25",
            BounceCategory.MESSAGE_TOO_LARGE));
  }

  private static Arguments row(String status, String reply, BounceCategory expected) {
    return Arguments.of(status, reply, expected);
  }

  @ParameterizedTest(name = "{2}: {1}")
  @MethodSource("replies")
  void classifiesRealReplies(String status, String reply, BounceCategory expected) {
    assertThat(BUILT_IN.classify(status, reply)).isEqualTo(expected);
  }

  @Test
  void readsTheReplyCodeFromTheDetail() {
    assertThat(FailureReason.of("5.1.1", "550 5.1.1 gone")).isEqualTo(new FailureReason(550, "5.1.1", "550 5.1.1 gone"));
    assertThat(FailureReason.of("4.4.1", "connect to x failed").replyCode()).isZero();
    assertThat(FailureReason.of("5.0.0", null).text()).isEmpty();
  }

  @Test
  void extraRulesComeBeforeTheBuiltInOnes() throws Exception {
    Path file = dir.resolve("extra.toml");
    Files.writeString(file, """
        # This provider says "mailbox unavailable" when it is full.
        [[rule]]
        category = "mailbox_full"
        code = "55x"
        text = "mailbox unavailable"
        """);
    BounceClassifier classifier = new BounceClassifier(BounceRuleFile.read(file));
    FailureReason reply = FailureReason.of("5.5.0", "550 5.5.0 Requested action not taken: mailbox unavailable");

    assertThat(BUILT_IN.classify(reply)).isEqualTo(BounceCategory.UNKNOWN_USER);
    assertThat(classifier.classify(reply)).isEqualTo(BounceCategory.MAILBOX_FULL);
    assertThat(classifier.match(reply).origin()).isEqualTo(file + " rule[1]");
    assertThat(classifier.classify("5.1.1", "550 5.1.1 no such user")).isEqualTo(BounceCategory.UNKNOWN_USER);
  }

  @Test
  void aBadRulesFileNamesTheFileTheRuleAndTheProblem() throws Exception {
    Path file = dir.resolve("bad.toml");
    Files.writeString(file, """
        [[rule]]
        category = "unknown_user"
        text = "no such user"

        [[rule]]
        category = "mailbox-full"
        status = "5.2"

        [[rule]]
        category = "dns"
        text = "(unclosed"
        color = "red"

        [[rule]]
        category = "other"
        """);

    assertThatThrownBy(() -> BounceRuleFile.read(file))
        .isInstanceOfSatisfying(BounceRulesException.class, e -> assertThat(e.problems()).containsExactly(
            file + ":6: rule[2].category: \"mailbox-full\" is not one of unknown_user, mailbox_full, message_too_large,"
                + " blocked_as_spam, blocked_by_policy, rate_limited, relay_denied, sender_authentication, dns, tls,"
                + " connection, expired, content_rejected, other",
            file + ":12: rule[3].color: unknown key; the keys of a rule are category, code, status, text",
            file + ":11: rule[3].text: not a valid regular expression: Unclosed group near index 9",
            file + ":14: rule[4]: give at least one of code, status and text"));
  }

  @Test
  void aBadStatusPatternIsReported() {
    assertThatThrownBy(() -> BounceRuleFile.parse("[[rule]]\ncategory = \"dns\"\nstatus = \"5.2\"\n", "x.toml"))
        .hasMessage("x.toml:1: rule[1]: status must look like \"5.1.1\", with X for any part (\"X.2.2\"); got \"5.2\"");
    assertThatThrownBy(() -> BounceRuleFile.parse("rules = 1\n", "y.toml"))
        .hasMessage("y.toml:1: rules: unknown key; a rules file holds only [[rule]] tables");
    assertThatThrownBy(() -> BounceRuleFile.parse("[[rule]\n", "z.toml")).hasMessageStartingWith("z.toml:1: syntax error");
    assertThatThrownBy(() -> BounceRuleFile.read(dir.resolve("missing.toml"))).hasMessageEndingWith("missing.toml: no such file");
  }

  @Test
  void everyBuiltInRuleLoads() {
    List<BounceRule> rules = BounceRuleFile.builtIn();
    assertThat(rules).hasSizeGreaterThan(60);
    assertThat(rules).extracting(BounceRule::category).contains(BounceCategory.values());
  }
}
