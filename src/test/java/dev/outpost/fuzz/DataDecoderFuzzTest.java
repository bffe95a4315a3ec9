package dev.outpost.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.outpost.smtp.CommandParser;
import dev.outpost.smtp.DataDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Arbitrary octets through the DATA decoder (fed in arbitrary pieces) and the command parser.
 * The decoder must end only at CR LF "." CR LF, and content it does not flag must hold no bare CR
 * or LF: together these are what makes smuggling impossible.
 */
class DataDecoderFuzzTest {

  @FuzzTest(maxDuration = "20s")
  void decoderKeepsItsPromises(FuzzedDataProvider data) throws Exception {
    byte[] input = data.consumeRemainingAsBytes();
    DataDecoder decoder = new DataDecoder();
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    int consumed = 0;
    int piece = 1 + (input.length == 0 ? 0 : (input[0] & 0x0f));
    while (consumed < input.length && !decoder.isComplete()) {
      int n = Math.min(piece, input.length - consumed);
      int used = decoder.decode(input, consumed, n, content::write);
      if (used < 0 || used > n) throw new IllegalStateException("consumed " + used + " of " + n);
      if (used < n && !decoder.isComplete()) throw new IllegalStateException("stopped early without the end");
      consumed += used;
    }
    if (decoder.isComplete()) {
      String tail = new String(input, Math.max(0, consumed - 5), Math.min(5, consumed), StandardCharsets.ISO_8859_1);
      boolean emptyMessage = consumed == 3 && tail.equals(".\r\n");
      if (!tail.equals("\r\n.\r\n") && !emptyMessage) throw new IllegalStateException("ended at " + tail);
    }
    if (!decoder.sawBareNewline()) {
      byte[] out = content.toByteArray();
      for (int i = 0; i < out.length; i++) {
        boolean lfOk = out[i] != '\n' || (i > 0 && out[i - 1] == '\r');
        boolean crOk = out[i] != '\r' || (i + 1 < out.length && out[i + 1] == '\n') || !decoder.isComplete();
        if (!lfOk || !crOk) throw new IllegalStateException("unflagged bare newline at " + i);
      }
    }
    if (decoder.contentLength() != content.size()) throw new IllegalStateException("length mismatch");
  }

  @FuzzTest(maxDuration = "10s")
  void parserNeverThrows(FuzzedDataProvider data) {
    CommandParser.parse(data.consumeRemainingAsString());
  }
}
