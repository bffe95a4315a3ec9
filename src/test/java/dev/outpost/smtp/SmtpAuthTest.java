package dev.outpost.smtp;

import static dev.outpost.smtp.SessionTranscript.connected;
import static dev.outpost.smtp.SessionTranscript.greeted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.AuthMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** SMTP AUTH (RFC 4954) with PLAIN and LOGIN, as transcripts of the pure session. */
class SmtpAuthTest {

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static SessionTranscript overTls() {
    var t = connected("192.0.2.9", AuthMode.REQUIRED).send("EHLO c.test");
    t.session.onTlsStarted(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
    return t.send("EHLO c.test").expectCode(250);
  }

  private static Credentials expectCheck(SessionTranscript t) {
    assertThat(t.last.reply()).isNull();
    assertThat(t.last.next()).isInstanceOf(Step.Next.Authenticate.class);
    return ((Step.Next.Authenticate) t.last.next()).credentials();
  }

  @Test
  void authIsAdvertisedOnlyUnderTls() {
    var plain = connected("192.0.2.9", AuthMode.REQUIRED).send("EHLO c.test");
    assertThat(plain.last.reply().lines()).doesNotContain("AUTH PLAIN LOGIN");
    plain.send("AUTH PLAIN " + b64("\0u\0p")).expect(Replies.AUTH_NEEDS_TLS);
    var tls = overTls();
    assertThat(tls.last.reply().lines()).contains("AUTH PLAIN LOGIN");
  }

  @Test
  void plainWithInitialResponse() {
    var t = overTls().send("AUTH PLAIN " + b64("\0alice\0secret"));
    assertThat(expectCheck(t)).isEqualTo(new Credentials("alice", "secret"));
    t.last = t.session.onAuthenticated(new AuthOutcome.Success("acme"));
    t.expect(Replies.AUTH_SUCCESS);
    assertThat(t.session.facts().account()).isEqualTo("acme");
    t.send("MAIL FROM:<news@acme.test>").expect(Replies.SENDER_OK)
        .send("RCPT TO:<someone@elsewhere.test>").expect(Replies.RECIPIENT_OK);
    t.send("RSET").send("AUTH PLAIN " + b64("\0alice\0secret")).expect(Replies.AUTH_ALREADY);
  }

  @Test
  void notDuringATransaction() {
    var t = connected("127.0.0.1", AuthMode.OPTIONAL);
    t.session.onTlsStarted(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
    t.send("EHLO c.test").send("MAIL FROM:<a@b.test>").expect(Replies.SENDER_OK)
        .send("AUTH PLAIN " + b64("\0alice\0secret")).expect(Replies.AUTH_IN_TRANSACTION);
  }

  @Test
  void plainWithEmptyChallenge() {
    var t = overTls().send("AUTH PLAIN").expect(Replies.saslChallenge(""));
    t.send(b64("alice\0alice\0secret"));
    assertThat(expectCheck(t)).isEqualTo(new Credentials("alice", "secret"));
  }

  @Test
  void loginAsksForUsernameThenPassword() {
    var t = overTls().send("AUTH LOGIN").expect(Replies.saslChallenge("VXNlcm5hbWU6"));
    t.send(b64("alice")).expect(Replies.saslChallenge("UGFzc3dvcmQ6"));
    t.send(b64("secret"));
    assertThat(expectCheck(t)).isEqualTo(new Credentials("alice", "secret"));
  }

  @Test
  void failuresAndCancellation() {
    var t = overTls().send("AUTH PLAIN " + b64("\0alice\0wrong"));
    expectCheck(t);
    t.last = t.session.onAuthenticated(new AuthOutcome.BadCredentials());
    t.expect(Replies.AUTH_FAILED);
    t.send("MAIL FROM:<news@acme.test>").expect(Replies.AUTH_REQUIRED);
    t.send("AUTH LOGIN").send("*").expect(Replies.AUTH_CANCELLED);
    t.send("AUTH PLAIN !!notbase64").expect(Replies.AUTH_BAD_ENCODING);
    t.send("AUTH CRAM-MD5").expect(Replies.AUTH_MECHANISM_UNKNOWN);
    t.send("AUTH PLAIN " + b64("\0alice\0right"));
    t.last = t.session.onAuthenticated(new AuthOutcome.Blocked());
    t.expect(Replies.AUTH_BLOCKED);
    t.send("NOOP").expect(Replies.NOOP_OK);
  }

  @Test
  void authorizationIdentityOfAnotherUserIsRefused() {
    overTls().send("AUTH PLAIN " + b64("bob\0alice\0secret")).expect(Replies.AUTH_FAILED);
  }

  @Test
  void mailAuthParameterIsAcceptedAndIgnored() {
    greeted().send("MAIL FROM:<a@b.test> AUTH=<>").expect(Replies.SENDER_OK);
    greeted().send("MAIL FROM:<a@b.test> AUTH=a+2Bb@b.test").expect(Replies.SENDER_OK);
  }

  @Test
  void credentialsNeverShowTheirPassword() {
    assertThat(new Credentials("alice", "secret").toString()).doesNotContain("secret");
  }
}
