package dev.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;

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
