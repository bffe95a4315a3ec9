package dev.outpost.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.outpost.config.AuthMode;
import dev.outpost.config.RelayConfig;
import dev.outpost.policy.RelayPolicy;
import dev.outpost.policy.SessionFacts;
import dev.outpost.smtp.AuthOutcome;
import dev.outpost.smtp.MessageOutcome;
import dev.outpost.smtp.SessionSettings;
import dev.outpost.smtp.SmtpSession;
import dev.outpost.smtp.Step;
import dev.outpost.smtp.TlsInfo;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Drives the session state machine with arbitrary command lines and I/O outcomes. No input may
 * throw out of the session, and every step must be well-formed: a reply or an instruction that
 * produces one, replies with valid codes, and a closed session only after a 221 or 4xx/5xx.
 */
class SmtpSessionFuzzTest {
  private static final SessionSettings SETTINGS =
      new SessionSettings("mx.test", 10_000, 100, 20, true, true, 50, 3, Duration.ofSeconds(1));
  private static final RelayPolicy POLICY =
      new RelayPolicy(new RelayConfig(List.of(), List.of("local.test")), "mx.test");

  @FuzzTest(maxDuration = "20s")
  void sessionNeverThrows(FuzzedDataProvider data) throws Exception {
    var facts = new SessionFacts(InetAddress.getByAddress(new byte[] {(byte) 192, 0, 2, 1}), data.consumeBoolean(),
        AuthMode.OPTIONAL, false, null);
    SmtpSession session = new SmtpSession(SETTINGS, POLICY, facts);
    Step step = session.greet(false);
    for (int i = 0; i < 40 && data.remainingBytes() > 0; i++) {
      step = switch (step.next()) {
        case Step.Next.ReadCommand r -> session.onCommand(data.consumeString(600));
        case Step.Next.ReadData r -> session.onMessageComplete(pickOutcome(data));
        case Step.Next.ReadChunk c -> c.rejection() != null
            ? session.onChunkRefused(c.rejection())
            : c.last() ? session.onMessageComplete(pickOutcome(data)) : session.onChunkStored(c.size());
        case Step.Next.StartTls t -> session.onTlsStarted(new TlsInfo("TLSv1.3", "TLS_AES_128_GCM_SHA256"));
        case Step.Next.Authenticate a -> session.onAuthenticated(
            data.consumeBoolean() ? new AuthOutcome.Success("acct") : new AuthOutcome.BadCredentials());
        case Step.Next.Close c -> null;
      };
      if (step == null) return;
      check(step);
    }
  }

  private static MessageOutcome pickOutcome(FuzzedDataProvider data) {
    return switch (data.consumeInt(0, 4)) {
      case 0 -> new MessageOutcome.Queued("Q1");
      case 1 -> new MessageOutcome.TooBig();
      case 2 -> new MessageOutcome.BareNewline();
      case 3 -> new MessageOutcome.StorageFull();
      default -> new MessageOutcome.StorageFailed();
    };
  }

  private static void check(Step step) {
    boolean silent = step.next() instanceof Step.Next.ReadChunk || step.next() instanceof Step.Next.Authenticate
        || (step.next() instanceof Step.Next.ReadCommand && step.reply() == null);
    if (step.reply() == null && !silent) throw new IllegalStateException("no reply for " + step);
    if (step.reply() != null) {
      int code = step.reply().code();
      if (code < 200 || code > 599) throw new IllegalStateException("bad code " + code);
      if (code >= 400 && step.reply().enhanced() == null) throw new IllegalStateException("no enhanced code: " + step);
      if (step.next() instanceof Step.Next.Close && code < 400 && code != 221) {
        throw new IllegalStateException("closed after a positive reply: " + step);
      }
    }
  }
}
