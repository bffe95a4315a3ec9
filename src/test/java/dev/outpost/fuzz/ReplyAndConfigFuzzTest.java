package dev.outpost.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.outpost.config.ConfigException;
import dev.outpost.config.ConfigLoader;
import dev.outpost.delivery.MalformedReplyException;
import dev.outpost.delivery.ReplyParser;
import dev.outpost.delivery.SmtpReply;

/**
 * What remote servers and operators hand Outpost: arbitrary reply lines into the SMTP client's
 * parser, and arbitrary text as a configuration file. Both may only refuse, with their own
 * exception, never throw anything else or accept a reply that breaks its own invariants.
 */
class ReplyAndConfigFuzzTest {

  @FuzzTest(maxDuration = "10s")
  void replyParserOnlyAcceptsWellFormedReplies(FuzzedDataProvider data) {
    ReplyParser parser = new ReplyParser();
    for (int i = 0; i < 8 && data.remainingBytes() > 0; i++) {
      String line = data.consumeString(300);
      try {
        SmtpReply reply = parser.accept(line);
        if (reply != null && (reply.code() < 200 || reply.code() > 599)) {
          throw new IllegalStateException("accepted reply code " + reply.code() + " from " + line);
        }
      } catch (MalformedReplyException refused) {
        parser = new ReplyParser();
      }
    }
  }

  @FuzzTest(maxDuration = "10s")
  void configLoaderOnlyRefusesWithConfigException(FuzzedDataProvider data) {
    try {
      ConfigLoader.parse(data.consumeRemainingAsString(), "fuzz.toml");
    } catch (ConfigException refused) {
      // a clear refusal, naming the key and line, is the expected answer to bad input
    } catch (AssertionError e) {
      // TomlJ checks some of its own invariants with assert, which Outpost (run without -ea) never
      // evaluates; there the same input, such as ["\U"], ends in a TomlParseError and so in a
      // ConfigException. The test JVM runs with -ea, so only such an assert may pass here.
      if (!e.getStackTrace()[0].getClassName().startsWith("org.tomlj.")) throw e;
    }
  }
}
