package dev.outpost.smtp;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link CommandParser#parse} on the lines a bulk sender's session is made of: one EHLO per
 * connection, then MAIL, RCPT and DATA for every message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CommandParserBenchmark {
  @Param({
      "EHLO client.example.com",
      "MAIL FROM:<newsletter@shop.example.com> BODY=8BITMIME SIZE=5120",
      "RCPT TO:<first.last+tag@example.net> NOTIFY=FAILURE,DELAY ORCPT=rfc822;first.last+2Btag@example.net",
      "DATA"})
  public String line;

  @Benchmark
  public SmtpCommand parse() {
    return CommandParser.parse(line);
  }
}
