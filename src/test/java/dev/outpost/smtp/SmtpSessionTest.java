package dev.outpost.smtp;

import static dev.outpost.smtp.SessionTranscript.connected;
import static dev.outpost.smtp.SessionTranscript.greeted;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.AuthMode;
import org.junit.jupiter.api.Test;

class SmtpSessionTest {

  @Test
  void greetingAndEhloAdvertiseTheExtensions() {
    var t = connected("127.0.0.1", AuthMode.NONE);
    assertThat(t.last.reply()).isEqualTo(Replies.greeting("mx.test"));
    t.send("EHLO client.test").expectCode(250);
    assertThat(t.last.reply().lines()).contains("PIPELINING", "SIZE 10000", "8BITMIME", "SMTPUTF8",
        "ENHANCEDSTATUSCODES", "CHUNKING", "DSN", "STARTTLS");
  }

  @Test
  void clientThatTalksFirstIsRefused() {
    var t = connected("127.0.0.1", AuthMode.NONE);
    Step step = t.session.greet(true);
    assertThat(step.reply()).isEqualTo(Replies.TALKED_BEFORE_GREETING);
    assertThat(step.next()).isInstanceOf(Step.Next.Close.class);
  }

  @Test
  void wrongOrderGets503() {
    connected("127.0.0.1", AuthMode.NONE).send("MAIL FROM:<a@b.test>").expect(Replies.HELO_FIRST);
    greeted().send("RCPT TO:<a@b.test>").expect(Replies.NEED_MAIL);
    greeted().send("DATA").expect(Replies.NEED_MAIL);
    greeted().send("MAIL FROM:<a@b.test>").expect(Replies.SENDER_OK).send("DATA").expect(Replies.NEED_RCPT);
    greeted().send("MAIL FROM:<a@b.test>").send("MAIL FROM:<a@b.test>").expect(Replies.NESTED_MAIL);
  }

  @Test
  void fullTransactionWithData() {
    greeted().send("MAIL FROM:<a@b.test> SIZE=100").expect(Replies.SENDER_OK)
        .send("RCPT TO:<x@y.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x+40y.test").expect(Replies.RECIPIENT_OK)
        .send("DATA").expect(Replies.START_DATA).expectNext(Step.Next.ReadData.class)
        .complete(new MessageOutcome.Queued("ABC")).expect(Replies.queued("ABC"))
        .send("RCPT TO:<x@y.test>").expect(Replies.NEED_MAIL);
  }

  @Test
  void dsnParametersAreKept() {
    var t = greeted().send("MAIL FROM:<a@b.test> RET=HDRS ENVID=id+2B1")
        .send("RCPT TO:<x@y.test> NOTIFY=NEVER ORCPT=rfc822;x+40y.test");
    Transaction tx = t.session.transaction();
    assertThat(tx.parameters().envId()).isEqualTo("id+1");
    assertThat(tx.parameters().ret()).isEqualTo(dev.outpost.spool.Envelope.DsnRet.HDRS);
    assertThat(tx.recipients().get(0).parameters().orcpt()).isEqualTo("rfc822;x@y.test");
    assertThat(tx.recipients().get(0).parameters().notifyOn()).containsExactly(dev.outpost.spool.Recipient.DsnNotify.NEVER);
  }

  @Test
  void badParameters() {
    greeted().send("MAIL FROM:<a@b.test> FOO=1").expect(Replies.unknownParameter("FOO"));
    greeted().send("MAIL FROM:<a@b.test> BODY=BINARYMIME").expectCode(555);
    greeted().send("MAIL FROM:<a@b.test> SIZE=abc").expectCode(501);
    greeted().send("MAIL FROM:<a@b.test> RET=ALL").expectCode(501);
    greeted().send("MAIL FROM:<a@b.test>").send("RCPT TO:<x@y.test> NOTIFY=NEVER,SUCCESS").expectCode(501);
    greeted().send("MAIL FROM:<a@b.test>").send("RCPT TO:<x@y.test> BAR").expect(Replies.unknownParameter("BAR"));
    connected("127.0.0.1", AuthMode.NONE).send("HELO c.test").send("MAIL FROM:<a@b.test> SIZE=1").expectCode(555);
    // RFC 3461 caps ORCPT at 500 characters, which keeps the DSN's Original-Recipient line short.
    String orcpt500 = "rfc822;" + "a".repeat(493);
    greeted().send("MAIL FROM:<a@b.test>").send("RCPT TO:<x@y.test> ORCPT=" + orcpt500).expect(Replies.RECIPIENT_OK);
    greeted().send("MAIL FROM:<a@b.test>").send("RCPT TO:<x@y.test> ORCPT=" + orcpt500 + "a").expectCode(501);
    greeted().send("MAIL FROM:<a@b.test>").send("RCPT TO:<x@y.test> ORCPT=rfc822;x+C3").expectCode(501);
  }

  @Test
  void declaredSizeOverTheLimitGets552() {
    greeted().send("MAIL FROM:<a@b.test> SIZE=10001").expect(Replies.messageTooBig(10_000));
  }

  @Test
  void nonAsciiNeedsSmtputf8() {
    greeted().send("MAIL FROM:<jösé@b.test>").expect(Replies.NON_ASCII_ADDRESS);
    greeted().send("MAIL FROM:<a@b.test>").send("RCPT TO:<ü@y.test>").expect(Replies.NON_ASCII_ADDRESS);
    greeted().send("MAIL FROM:<jösé@b.test> SMTPUTF8").expect(Replies.SENDER_OK)
        .send("RCPT TO:<ü@bücher.test>").expect(Replies.RECIPIENT_OK);
  }

  @Test
  void recipientLimitGets452() {
    var t = greeted().send("MAIL FROM:<a@b.test>");
    for (int i = 0; i < 100; i++) t.send("RCPT TO:<r" + i + "@y.test>").expect(Replies.RECIPIENT_OK);
    t.send("RCPT TO:<one-more@y.test>").expect(Replies.TOO_MANY_RECIPIENTS);
  }

  @Test
  void relayIsDeniedToStrangersButPostmasterAndLocalDomainsAreAccepted() {
    var stranger = connected("192.0.2.7", AuthMode.OPTIONAL).send("EHLO spam.test").send("MAIL FROM:<a@b.test>");
    stranger.send("RCPT TO:<victim@elsewhere.test>").expect(Replies.RELAY_DENIED);
    stranger.send("RCPT TO:<Postmaster>").expect(Replies.RECIPIENT_OK);
    stranger.send("RCPT TO:<someone@local.test>").expect(Replies.RECIPIENT_OK);
    stranger.send("RCPT TO:<victim%elsewhere.test@local.test>").expect(Replies.RECIPIENT_OK);
    stranger.send("RCPT TO:<@local.test:victim@elsewhere.test>").expect(Replies.RELAY_DENIED);
    stranger.send("RCPT TO:<\"victim@elsewhere.test\"@local.test>").expect(Replies.RECIPIENT_OK);
    stranger.send("RCPT TO:<victim@elsewhere.test@local.test>").expectCode(501);
  }

  @Test
  void requiredAuthListenerAnswers530() {
    connected("192.0.2.7", AuthMode.REQUIRED).send("EHLO c.test").send("MAIL FROM:<a@b.test>")
        .expect(Replies.AUTH_REQUIRED);
  }

  @Test
  void startTlsResetsTheSession() {
    var t = greeted().send("STARTTLS").expect(Replies.READY_FOR_TLS).expectNext(Step.Next.StartTls.class);
    t.session.onTlsStarted(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
    t.send("MAIL FROM:<a@b.test>").expect(Replies.HELO_FIRST);
    t.send("EHLO c.test");
    assertThat(t.last.reply().lines()).doesNotContain("STARTTLS");
    t.send("STARTTLS").expect(Replies.TLS_ALREADY_ACTIVE);
  }

  @Test
  void startTlsIsRefusedInATransaction() {
    greeted().send("MAIL FROM:<a@b.test>").send("STARTTLS").expect(Replies.TLS_IN_TRANSACTION);
  }

  @Test
  void bdatChunksAreConsumedEvenWhenRefused() {
    var t = greeted().send("BDAT 10 LAST");
    assertThat(t.last.reply()).isNull();
    assertThat(t.last.next()).isEqualTo(new Step.Next.ReadChunk(10, true, Replies.NEED_MAIL));
    t.send("MAIL FROM:<a@b.test>").send("RCPT TO:<x@y.test>").send("BDAT 5");
    assertThat(t.last.next()).isEqualTo(new Step.Next.ReadChunk(5, false, null));
    t.send("RCPT TO:<late@y.test>").expect(Replies.RCPT_DURING_DATA);
    t.send("DATA").expect(Replies.DATA_AFTER_BDAT);
  }

  @Test
  void xtextRefusesControlsAndRoundTrips() {
    assertThat(Xtext.decode("a+0D+0Ab")).isNull();
    assertThat(Xtext.decode("a b")).isNull();
    assertThat(Xtext.decode("a+2")).isNull();
    assertThat(Xtext.decode(Xtext.encode("list+x=y@example.test"))).isEqualTo("list+x=y@example.test");
    assertThat(Xtext.encode("ü")).isEqualTo("+C3+BC");
  }

  @Test
  void smallCommands() {
    greeted().send("NOOP").expect(Replies.NOOP_OK).send("VRFY someone").expect(Replies.VRFY_CANNOT)
        .send("HELP").expect(Replies.HELP).send("RSET").expect(Replies.RESET_OK)
        .send("QUIT").expect(Replies.closing("mx.test")).expectNext(Step.Next.Close.class);
  }

  @Test
  void tooManyErrorsCloseTheSession() {
    var t = greeted();
    for (int i = 0; i < 20; i++) t.send("BOGUS").expect(Replies.UNRECOGNIZED);
    t.send("BOGUS").expect(Replies.TOO_MANY_ERRORS).expectNext(Step.Next.Close.class);
  }

  @Test
  void errorRepliesAreHeldBackAfterTheFirstFew() {
    var t = greeted();
    for (int i = 0; i < 3; i++) {
      t.send("BOGUS");
      assertThat(t.last.delay()).isZero();
    }
    t.send("BOGUS").expect(Replies.UNRECOGNIZED);
    assertThat(t.last.delay()).isEqualTo(java.time.Duration.ofSeconds(1));
    t.send("NOOP");
    assertThat(t.last.delay()).isZero();
  }

  @Test
  void tooManyJunkCommandsCloseTheSession() {
    var t = greeted();
    for (int i = 0; i < 50; i++) t.send(i % 2 == 0 ? "NOOP" : "RSET").expectCode(250);
    t.send("VRFY x").expect(Replies.TOO_MANY_JUNK_COMMANDS).expectNext(Step.Next.Close.class);
  }

  @Test
  void outcomesMapToReplies() {
    greeted().send("MAIL FROM:<a@b.test>").send("RCPT TO:<x@y.test>").send("DATA")
        .complete(new MessageOutcome.BareNewline()).expect(Replies.BARE_NEWLINE);
    greeted().send("MAIL FROM:<a@b.test>").send("RCPT TO:<x@y.test>").send("DATA")
        .complete(new MessageOutcome.StorageFull()).expect(Replies.SPOOL_FULL);
    greeted().send("MAIL FROM:<a@b.test>").send("RCPT TO:<x@y.test>").send("DATA")
        .complete(new MessageOutcome.TooBig()).expect(Replies.messageTooBig(10_000));
    greeted().send("MAIL FROM:<a@b.test>").send("RCPT TO:<x@y.test>").send("DATA")
        .complete(new MessageOutcome.StorageFailed()).expect(Replies.LOCAL_ERROR);
  }
}
