package dev.outpost.security;

import static dev.outpost.server.RunningOutpost.assertReply;

import dev.outpost.server.RunningOutpost;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.accounts.AccountAdministration;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.PasswordHasher;
import dev.outpost.config.RelayConfig;
import dev.outpost.config.SendersConfig;
import dev.outpost.smtp.Replies;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.testkit.TranscriptClient;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Accounts made with the administration API (what the CLI uses) sending through a real server:
 * an account may use only its own domains, in MAIL FROM and in the From: header, within its limits.
 */
class AccountSendingTest {
  @TempDir static Path dataDir;
  static RunningOutpost server;

  @BeforeAll
  static void start() throws Exception {
    createAccounts(dataDir);
    server = RunningOutpost.start(dataDir, c -> c.withRelay(new RelayConfig(List.of(), List.of())));
  }

  private static void createAccounts(Path dataDir) throws Exception {
    try (SqliteStateStore store = SqliteStateStore.open(dataDir)) {
      var admin = new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC());
      admin.addAccount("acme", "bounces@acme.test", AccountLimits.UNLIMITED);
      admin.addDomain("acme", "acme.test", false);
      admin.addCredential("acme", "alice", "correct horse battery");
      admin.addAccount("small", "bounces@small.test", new AccountLimits(3, 0, 0, 2, 0));
      admin.addDomain("small", "small.test", false);
      admin.addCredential("small", "bob", "another long password");
      admin.addAccount("other", "bounces@other.test", AccountLimits.UNLIMITED);
      admin.addDomain("other", "other.test", false);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void spoofingAnotherAccountsDomainIsRefused() throws Exception {
    try (TranscriptClient c = server.authenticated("alice", "correct horse battery")) {
      c.send("MAIL FROM:<ceo@other.test>");
      assertReply(c.read(), Replies.senderNotOwned("ceo@other.test", "acme"));
      c.send("MAIL FROM:<news@acme.test>");
      assertReply(c.read(), Replies.SENDER_OK);
      c.send("RCPT TO:<reader@elsewhere.test>");
      assertReply(c.read(), Replies.RECIPIENT_OK);
      c.send("DATA").expectCode(354);
      c.sendRaw("From: \"news@acme.test\" <ceo@other.test>\r\nSubject: spoof\r\n\r\nx\r\n.\r\n");
      assertReply(c.read(), Replies.fromHeaderNotOwned("ceo@other.test", "acme"));
    }
  }

  @Test
  void rewriteModeReplacesAForeignFromWithTheBounceAddress(@TempDir Path dir) throws Exception {
    createAccounts(dir);
    try (RunningOutpost rewriting = RunningOutpost.start(dir, c -> c.withRelay(new RelayConfig(List.of(), List.of()))
        .withSenders(new SendersConfig(SendersConfig.FromMismatch.REWRITE)));
        TranscriptClient c = rewriting.authenticated("alice", "correct horse battery")) {
      c.send("MAIL FROM:<news@acme.test>").expectCode(250);
      c.send("RCPT TO:<reader@elsewhere.test>").expectCode(250);
      c.send("DATA").expectCode(354);
      c.sendRaw("Subject: rewritten\r\nFrom: CEO\r\n <ceo@other.test>\r\nTo: reader@elsewhere.test\r\n\r\nbody\r\n.\r\n");
      c.expectCode(250);
      String data = rewriting.sink.awaitMessages(1, java.time.Duration.ofSeconds(10)).get(0).dataAsString();
      assertThat(data).contains("Subject: rewritten\r\nFrom: <bounces@acme.test>\r\nX-Original-From: CEO\r\n <ceo@other.test>\r\n"
          + "To: reader@elsewhere.test\r\n\r\nbody\r\n");
    }
  }

  @Test
  void limitsAreEnforcedWithTheLimitNamed() throws Exception {
    try (TranscriptClient c = server.authenticated("bob", "another long password")) {
      c.send("MAIL FROM:<news@small.test>").expectCode(250);
      c.send("RCPT TO:<a@elsewhere.test>").expectCode(250);
      c.send("RCPT TO:<b@elsewhere.test>").expectCode(250);
      c.send("RCPT TO:<c@elsewhere.test>");
      assertReply(c.read(), Replies.accountLimit(452, "4.5.3", "account limit reached: 2 recipients per message"));
      c.send("RSET").expectCode(250);
      int accepted = 0;
      for (int i = 0; i < 4; i++) {
        c.send("MAIL FROM:<news@small.test>");
        TranscriptClient.Response mail = c.read();
        if (mail.code() != 250) {
          assertReply(mail, Replies.accountLimit(450, "4.7.1", "account limit reached: 3 messages per hour"));
          break;
        }
        c.send("RCPT TO:<a@elsewhere.test>").expectCode(250);
        c.send("DATA").expectCode(354);
        c.sendRaw("From: News <news@small.test>\r\nSubject: quota " + i + "\r\n\r\nx\r\n.\r\n");
        c.expectCode(250);
        accepted++;
      }
      assertThat(accepted).isLessThanOrEqualTo(3);
    }
  }
}
