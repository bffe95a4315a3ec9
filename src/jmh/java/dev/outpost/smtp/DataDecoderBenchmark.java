package dev.outpost.smtp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Dot-unstuffing of a whole DATA section by {@link DataDecoder}, fed in the 32 KiB reads the
 * server's input buffer makes. The message has 76-character lines, one in ten dot-stuffed.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DataDecoderBenchmark {
  private static final int READ_SIZE = 32 * 1024;

  @Param({"5000", "100000"})
  public int size;

  private byte[] wire;

  @Setup
  public void message() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(size + 4096);
    out.writeBytes("Subject: benchmark\r\nFrom: <news@shop.example>\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    for (int line = 0; out.size() < size; line++) {
      String text = (line % 10 == 0 ? ".." : "") + "x".repeat(74);
      out.writeBytes((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
    wire = out.toByteArray();
  }

  @Benchmark
  public long decode(Blackhole hole) throws Exception {
    DataDecoder decoder = new DataDecoder();
    ContentSink sink = (buffer, offset, length) -> hole.consume(length);
    for (int offset = 0; offset < wire.length && !decoder.isComplete(); ) {
      offset += decoder.decode(wire, offset, Math.min(READ_SIZE, wire.length - offset), sink);
    }
    return decoder.contentLength();
  }
}
