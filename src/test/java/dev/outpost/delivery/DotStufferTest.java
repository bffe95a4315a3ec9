package dev.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.smtp.DataDecoder;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotStufferTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "leading dot doubled     | .hidden\\r\\nok\\r\\n   | ..hidden\\r\\nok\\r\\n.\\r\\n",
      "lone dot line           | a\\r\\n.\\r\\nb\\r\\n    | a\\r\\n..\\r\\nb\\r\\n.\\r\\n",
      "dot inside line kept    | a.b\\r\\n               | a.b\\r\\n.\\r\\n",
      "missing final CRLF      | last line              | last line\\r\\n.\\r\\n",
      "bare LF becomes CRLF    | a\\n.\\nb               | a\\r\\n..\\r\\nb\\r\\n.\\r\\n",
      "bare CR becomes CRLF    | a\\r.\\rb               | a\\r\\n..\\r\\nb\\r\\n.\\r\\n",
      "empty body              | ''                     | .\\r\\n",
      "first byte is a dot     | .\\r\\n                 | ..\\r\\n.\\r\\n"})
  void stuffsAndTerminates(String name, String input, String expected) {
    assertThat(stuff(unescape(input), 1000)).isEqualTo(unescape(expected));
  }

  @Test
  void blockBoundariesDoNotMatter() {
    String input = "x\r\n.a\r\n\r\n..b\rc\nd\r\n.";
    String whole = stuff(input, 1000);
    for (int block = 1; block < input.length(); block++) {
      assertThat(stuff(input, block)).as("block size %d", block).isEqualTo(whole);
    }
    assertThat(whole).isEqualTo("x\r\n..a\r\n\r\n...b\r\nc\r\nd\r\n..\r\n.\r\n");
  }

  /**
   * Every string of up to seven of the octets that matter, in every block size: what the stuffer
   * sends, the server side's decoder turns back into the input with line endings made CRLF, ends
   * exactly at the terminator and finds nothing bare.
   */
  @Test
  void decodingWhatItSendsGivesTheInputBack() throws Exception {
    char[] alphabet = {'.', '\r', '\n', 'a', '\u00e9'};
    for (int length = 0; length <= 7; length++) {
      int[] digits = new int[length];
      for (int combination = 0; combination < Math.pow(alphabet.length, length); combination++) {
        StringBuilder input = new StringBuilder();
        for (int d : digits) input.append(alphabet[d]);
        String expected = crlf(input.toString());
        for (int block = 1; block <= Math.max(1, length); block++) {
          byte[] wire = stuff(input.toString(), block).getBytes(StandardCharsets.UTF_8);
          DataDecoder decoder = new DataDecoder();
          ByteArrayOutputStream content = new ByteArrayOutputStream();
          int consumed = decoder.decode(wire, 0, wire.length, content::write);
          assertThat(decoder.isComplete()).as("%s in blocks of %d", input, block).isTrue();
          assertThat(consumed).isEqualTo(wire.length);
          assertThat(decoder.sawBareNewline()).isFalse();
          assertThat(decoder.sawEightBit()).isEqualTo(input.indexOf("\u00e9") >= 0);
          assertThat(content.toString(StandardCharsets.UTF_8)).as("%s in blocks of %d", input, block)
              .isEqualTo(expected);
        }
        for (int k = 0; k < length && ++digits[k] == alphabet.length; k++) digits[k] = 0;
      }
    }
  }

  /** The input as the stuffer normalises it: every CR, LF or CR LF becomes CR LF, and a last line ends with one. */
  private static String crlf(String input) {
    String lines = input.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
    return lines.isEmpty() || lines.endsWith("\r\n") ? lines : lines + "\r\n";
  }

  private static String stuff(String input, int block) {
    byte[] in = input.getBytes(StandardCharsets.UTF_8);
    DotStuffer stuffer = new DotStuffer();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[DotStuffer.maxOutput(block)];
    for (int off = 0; off < in.length; off += block) {
      int n = stuffer.transform(in, off, Math.min(block, in.length - off), buffer);
      out.write(buffer, 0, n);
    }
    int n = stuffer.finish(buffer);
    out.write(buffer, 0, n);
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String unescape(String s) {
    return s.trim().replace("\\r", "\r").replace("\\n", "\n");
  }
}
