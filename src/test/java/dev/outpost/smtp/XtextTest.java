package dev.outpost.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XtextTest {

  @Test
  void plainAndEscapedAsciiDecode() {
    assertThat(Xtext.decode("rfc822;a+2Bb@example.com")).isEqualTo("rfc822;a+b@example.com");
    assertThat(Xtext.decode("x+3Dy")).isEqualTo("x=y");
  }

  @Test
  void escapedOctetsAreUtf8AsEncodeWritesThem() {
    String address = "rfc822;josé.müller@bücher.example";
    String encoded = Xtext.encode(address);

    assertThat(encoded).isEqualTo("rfc822;jos+C3+A9.m+C3+BCller@b+C3+BCcher.example");
    assertThat(Xtext.decode(encoded)).isEqualTo(address);
    assertThat(Xtext.decode("+F0+9F+93+AE")).isEqualTo("\uD83D\uDCEE");
  }

  @Test
  void octetsThatAreNotUtf8AreRefused() {
    assertThat(Xtext.decode("jos+C3")).isNull();
    assertThat(Xtext.decode("jos+C3x")).isNull();
    assertThat(Xtext.decode("+E9t+E9")).isNull();
  }

  @Test
  void controlsSpacesAndMalformedEscapesAreRefused() {
    assertThat(Xtext.decode("a+20b")).isNull();
    assertThat(Xtext.decode("a+0Db")).isNull();
    assertThat(Xtext.decode("a+C2+85b")).as("NEL, a C1 control").isNull();
    assertThat(Xtext.decode("a+E2+80+A8b")).as("LINE SEPARATOR").isNull();
    assertThat(Xtext.decode("a+2bb")).as("lower-case hex").isNull();
    assertThat(Xtext.decode("a+2")).isNull();
    assertThat(Xtext.decode("a=b")).isNull();
    assertThat(Xtext.decode("a b")).isNull();
  }
}
