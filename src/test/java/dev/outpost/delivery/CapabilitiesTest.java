package dev.outpost.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

  @Test
  void readsEveryKnownKeyword() {
    SmtpReply ehlo = SmtpReply.of(250, List.of("mx.example.com Hello", "PIPELINING", "SIZE 10240000", "8BITMIME",
        "SMTPUTF8", "STARTTLS", "CHUNKING", "ENHANCEDSTATUSCODES", "DSN", "X-CUSTOM arg"));
    Capabilities caps = Capabilities.fromEhlo(ehlo);
    assertThat(caps.pipelining()).isTrue();
    assertThat(caps.size()).isTrue();
    assertThat(caps.sizeLimit()).isEqualTo(10_240_000);
    assertThat(caps.eightBitMime()).isTrue();
    assertThat(caps.smtpUtf8()).isTrue();
    assertThat(caps.startTls()).isTrue();
    assertThat(caps.chunking()).isTrue();
    assertThat(caps.enhancedStatusCodes()).isTrue();
    assertThat(caps.dsn()).isTrue();
    assertThat(caps.keywords()).contains("X-CUSTOM");
    assertThat(caps.tooLarge(10_240_001)).isTrue();
    assertThat(caps.tooLarge(10_240_000)).isFalse();
  }

  @Test
  void keywordsAreCaseInsensitiveAndTheFirstLineIsNotOne() {
    Capabilities caps = Capabilities.fromEhlo(SmtpReply.of(250, List.of("PIPELINING.example", "pipelining", "size")));
    assertThat(caps.pipelining()).isTrue();
    assertThat(caps.size()).isTrue();
    assertThat(caps.sizeLimit()).isZero();
    assertThat(caps.tooLarge(Long.MAX_VALUE)).isFalse();
    assertThat(caps.keywords()).containsExactlyInAnyOrder("PIPELINING", "SIZE");
  }

  @Test
  void singleLineEhloOffersNothing() {
    assertThat(Capabilities.fromEhlo(SmtpReply.parse("250 mx.example.com"))).isEqualTo(Capabilities.NONE);
    assertThat(Capabilities.fromEhlo(SmtpReply.parse("502 5.5.1 no"))).isEqualTo(Capabilities.NONE);
  }
}
