package dev.outpost.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DataDecoderTest {

  private record Result(String content, int consumed, boolean complete, boolean bare) {}

  /** Feeds the input in pieces of {@code step} octets, as a slow network would. */
  private static Result decode(String input, int step) throws IOException {
    byte[] bytes = input.getBytes(StandardCharsets.ISO_8859_1);
    DataDecoder decoder = new DataDecoder();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int consumed = 0;
    while (consumed < bytes.length && !decoder.isComplete()) {
      int n = Math.min(step, bytes.length - consumed);
      consumed += decoder.decode(bytes, consumed, n, out::write);
    }
    assertThat(decoder.contentLength()).isEqualTo(out.size());
    return new Result(out.toString(StandardCharsets.ISO_8859_1), consumed, decoder.isComplete(), decoder.sawBareNewline());
  }

  @ParameterizedTest
  @CsvSource({"1", "2", "3", "7", "4096"})
  void unstuffsDotsAndStopsAtTheTerminator(int step) throws IOException {
    Result r = decode("Subject: x\r\n\r\n..leading dot\r\n.\r\nQUIT\r\n", step);
    assertThat(r.content()).isEqualTo("Subject: x\r\n\r\n.leading dot\r\n");
    assertThat(r.complete()).isTrue();
    assertThat(r.consumed()).isEqualTo("Subject: x\r\n\r\n..leading dot\r\n.\r\n".length());
    assertThat(r.bare()).isFalse();
  }

  @Test
  void emptyMessage() throws IOException {
    Result r = decode(".\r\n", 1);
    assertThat(r.content()).isEmpty();
    assertThat(r.complete()).isTrue();
  }

  @Test
  void aLineWithOnlyDotsIsUnstuffedOnce() throws IOException {
    assertThat(decode("a\r\n...\r\n.\r\n", 4096).content()).isEqualTo("a\r\n..\r\n");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "LF.LF           | a\\n.\\nMAIL FROM:<x@y>\\r\\n",
      "LF.CRLF         | a\\n.\\r\\nMAIL FROM:<x@y>\\r\\n",
      "CRLF.LF         | a\\r\\n.\\nMAIL FROM:<x@y>\\r\\n",
      "CR.CR           | a\\r.\\rMAIL FROM:<x@y>\\r\\n",
      "CRLF.CR         | a\\r\\n.\\rMAIL FROM:<x@y>\\r\\n",
      "CR.CRLF         | a\\r.\\r\\nMAIL FROM:<x@y>\\r\\n",
      "LF.CR           | a\\n.\\rMAIL FROM:<x@y>\\r\\n",
      "bare LF in line | a\\nb\\r\\n",
      "bare CR in line | a\\rb\\r\\n"})
  void smugglingSequencesNeverEndTheDataAndAreFlagged(String name, String escaped) throws IOException {
    String input = escaped.replace("\\r", "\r").replace("\\n", "\n");
    Result r = decode(input + ".\r\n", 4096);
    assertThat(r.complete()).as("only the real terminator ends the data").isTrue();
    assertThat(r.consumed()).isEqualTo(input.length() + 3);
    assertThat(r.bare()).isTrue();
  }

  @Test
  void incompleteInputWaitsForMore() throws IOException {
    Result r = decode("abc\r\n.\r", 4096);
    assertThat(r.complete()).isFalse();
    assertThat(r.content()).isEqualTo("abc\r\n");
  }
}
