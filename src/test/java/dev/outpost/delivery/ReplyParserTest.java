package dev.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyParserTest {
  private final ReplyParser parser = new ReplyParser();

  @Test
  void singleLineWithEnhancedCode() throws Exception {
    SmtpReply reply = parser.accept("550 5.1.1 no such user");
    assertThat(reply.code()).isEqualTo(550);
    assertThat(reply.enhancedCode()).isEqualTo("5.1.1");
    assertThat(reply.lines()).containsExactly("no such user");
    assertThat(reply.isPermanent()).isTrue();
    assertThat(reply.oneLine()).isEqualTo("550 5.1.1 no such user");
  }

  @Test
  void multiLineReplyEndsAtTheSpaceLine() throws Exception {
    assertThat(parser.accept("250-mx.example.com")).isNull();
    assertThat(parser.inProgress()).isTrue();
    assertThat(parser.accept("250-PIPELINING")).isNull();
    SmtpReply reply = parser.accept("250 8BITMIME");
    assertThat(reply.lines()).containsExactly("mx.example.com", "PIPELINING", "8BITMIME");
    assertThat(reply.isPositive()).isTrue();
    assertThat(parser.inProgress()).isFalse();
  }

  @Test
  void bareCodeIsALastLine() throws Exception {
    SmtpReply reply = parser.accept("354");
    assertThat(reply.code()).isEqualTo(354);
    assertThat(reply.isIntermediate()).isTrue();
    assertThat(reply.enhancedCode()).isNull();
    assertThat(reply.dsn()).isEqualTo("3.0.0");
  }

  @Test
  void enhancedCodeOfAnotherClassIsText() throws Exception {
    SmtpReply reply = parser.accept("451 2.0.0 odd");
    assertThat(reply.enhancedCode()).isNull();
    assertThat(reply.dsn()).isEqualTo("4.0.0");
    assertThat(reply.isTransient()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "25", "abc hello", "250x", "650 no", "199 no", "2a0 x", "250\tx", "2500 x"})
  void malformedLinesAreRefused(String line) {
    assertThatThrownBy(() -> new ReplyParser().accept(line)).isInstanceOf(MalformedReplyException.class);
  }

  @Test
  void codeMustNotChangeWithinAReply() throws Exception {
    parser.accept("250-first");
    assertThatThrownBy(() -> parser.accept("251 second"))
        .isInstanceOf(MalformedReplyException.class)
        .hasMessageContaining("changed from 250 to 251");
    assertThat(parser.inProgress()).isFalse();
  }

  @Test
  void lineLengthIsBounded() {
    String longLine = "250 " + "x".repeat(ReplyParser.MAX_LINE_LENGTH);
    assertThatThrownBy(() -> parser.accept(longLine)).hasMessageContaining("longer than");
  }

  @Test
  void numberOfLinesIsBounded() throws Exception {
    for (int i = 0; i < ReplyParser.MAX_LINES; i++) parser.accept("250-line " + i);
    assertThatThrownBy(() -> parser.accept("250 last")).hasMessageContaining("longer than " + ReplyParser.MAX_LINES);
  }

  @Test
  void controlCharactersInTextAreRefused() {
    assertThatThrownBy(() -> parser.accept("250 ok\rINJECT")).isInstanceOf(MalformedReplyException.class);
  }

  @Test
  void oneLineJoinsAllLines() {
    SmtpReply reply = SmtpReply.of(421, List.of("4.7.0 try later", "too busy"));
    assertThat(reply.oneLine()).isEqualTo("421 4.7.0 try later too busy");
  }
}
