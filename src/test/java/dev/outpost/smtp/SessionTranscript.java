package dev.outpost.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.AuthMode;
import dev.outpost.config.RelayConfig;
import dev.outpost.policy.RelayPolicy;
import dev.outpost.policy.SessionFacts;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;

/**
 * Drives a {@link SmtpSession} line by line, the way a transcript reads:
 * {@code send("RCPT TO:<a@b>").expect(Replies.NEED_MAIL)}. Fixtures chain: connected() → greeted().
 */
final class SessionTranscript {
  static final SessionSettings SETTINGS = new SessionSettings("mx.test", 10_000, 100, 20, true, true, 50, 3,
      Duration.ofSeconds(1));
  static final RelayPolicy POLICY = new RelayPolicy(
      new RelayConfig(RelayConfig.defaults().trustedNetworks(), List.of("local.test")), "mx.test");

  final SmtpSession session;
  Step last;

  private SessionTranscript(SmtpSession session) {
    this.session = session;
  }

  static SessionTranscript connected(String clientIp, AuthMode auth) {
    try {
      InetAddress address = InetAddress.getByName(clientIp);
      var facts = new SessionFacts(address, POLICY_TRUSTS(address), auth, false, null);
      var t = new SessionTranscript(new SmtpSession(SETTINGS, POLICY, facts));
      t.last = t.session.greet(false);
      return t;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static boolean POLICY_TRUSTS(InetAddress address) {
    return RelayConfig.defaults().isTrusted(address);
  }

  /** A trusted local application that has said EHLO. */
  static SessionTranscript greeted() {
    return connected("127.0.0.1", AuthMode.NONE).send("EHLO client.test").expectCode(250);
  }

  SessionTranscript send(String line) {
    last = session.onCommand(line);
    return this;
  }

  SessionTranscript expect(Reply reply) {
    assertThat(last.reply()).isEqualTo(reply);
    return this;
  }

  SessionTranscript expectCode(int code) {
    assertThat(last.reply()).isNotNull();
    assertThat(last.reply().code()).as("reply %s", last.reply()).isEqualTo(code);
    return this;
  }

  SessionTranscript expectNext(Class<? extends Step.Next> next) {
    assertThat(last.next()).isInstanceOf(next);
    return this;
  }

  SessionTranscript complete(MessageOutcome outcome) {
    last = session.onMessageComplete(outcome);
    return this;
  }
}
