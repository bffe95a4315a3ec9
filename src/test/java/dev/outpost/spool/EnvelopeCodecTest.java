package dev.outpost.spool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvelopeCodecTest {

  @Test
  void roundTripsATypicalEnvelope() throws IOException {
    Envelope envelope = SpoolFixtures.envelope("0123456789ABCDEF", 5120);
    assertRoundTrip(envelope);
    assertThat(EnvelopeCodec.encode(envelope)).hasSizeLessThan(256);
  }

  @Test
  void roundTripsNullFieldsAndTheNullSender() throws IOException {
    var envelope = new Envelope("ID1", "", List.of(Recipient.pending("postmaster", Set.of(), null)), null, null, null,
        false, null, null, null, null, 0, null);
    assertRoundTrip(envelope);
    var decoded = EnvelopeCodec.decode(EnvelopeCodec.encode(envelope));
    assertThat(decoded.sender()).isEmpty();
    assertThat(decoded.headerPrefix()).isNull();
  }

  @Test
  void roundTripsUnicodeAddressesAndEveryState() throws IOException {
    var recipients = List.of(
        new Recipient("用户@例子.广告", EnumSet.allOf(Recipient.DsnNotify.class), "utf-8;用户@例子.广告", RecipientState.DELIVERED, 3, "250 2.0.0 OK"),
        new Recipient("josé@exämple.de", Set.of(Recipient.DsnNotify.NEVER), null, RecipientState.FAILED, 1, "550 5.1.1 😕 unknown"),
        Recipient.pending("zoë@example.org", Set.of(Recipient.DsnNotify.SUCCESS, Recipient.DsnNotify.DELAY), null));
    var envelope = new Envelope("ID2", "ñoño@exämple.com", recipients, Instant.ofEpochSecond(-5, 7), "2001:db8::1",
        "héllo", true, Envelope.BodyType.BINARYMIME, Envelope.DsnRet.FULL, "énv", "X: ü\r\n".getBytes(StandardCharsets.UTF_8),
        Long.MAX_VALUE, Instant.parse("2100-01-01T00:00:00Z"), Instant.parse("2099-12-31T23:59:59.5Z"));
    assertRoundTrip(envelope);
  }

  @Test
  void roundTripsTheDelayWarningTime() throws IOException {
    Instant sent = Instant.parse("2025-01-01T04:00:00Z");
    Envelope envelope = SpoolFixtures.envelope("ID7", 10).withDelayWarningSentAt(sent);
    assertRoundTrip(envelope);
    Envelope later = EnvelopeCodec.decode(EnvelopeCodec.encode(envelope))
        .withRecipients(envelope.recipients(), sent.plusSeconds(600));
    assertThat(later.delayWarningSentAt()).isEqualTo(sent);
  }

  /** Bytes written by the version 1 codec, before delayWarningSentAt existed; stored spools hold such envelopes. */
  @Test
  void decodesVersion1Envelopes() throws IOException {
    byte[] v1 = java.util.HexFormat.of().parseHex("010b5631454e56454c4f50450e73406578616d706c652e636f6d010e61406578616d706c65"
        + "2e636f6d0c157266633832323b61406578616d706c652e636f6d01020f34353120342e332e302062757379010000000067748580000000"
        + "000a3132372e302e302e310c636c69656e742e7465737400010206656e762d3107583a20790d0a2a0100000000677486ac00000000");

    Envelope e = EnvelopeCodec.decode(v1);

    assertThat(e.queueId()).isEqualTo("V1ENVELOPE");
    assertThat(e.sender()).isEqualTo("s@example.com");
    assertThat(e.recipients()).singleElement().satisfies(r -> {
      assertThat(r.notifyOn()).containsExactlyInAnyOrder(Recipient.DsnNotify.DELAY, Recipient.DsnNotify.FAILURE);
      assertThat(r.orcpt()).isEqualTo("rfc822;a@example.com");
      assertThat(r.attempts()).isEqualTo(2);
      assertThat(r.lastReply()).isEqualTo("451 4.3.0 busy");
    });
    assertThat(e.ret()).isEqualTo(Envelope.DsnRet.HDRS);
    assertThat(e.envId()).isEqualTo("env-1");
    assertThat(e.bodySize()).isEqualTo(42);
    assertThat(e.nextAttemptAt()).isEqualTo(Instant.parse("2025-01-01T00:05:00Z"));
    assertThat(e.delayWarningSentAt()).isNull();
    assertThat(e.held()).isFalse();
    assertThat(EnvelopeCodec.encode(e)[0]).isEqualTo((byte) EnvelopeCodec.VERSION);
  }

  /** The version 2 layout, before {@code held}: the version 1 bytes above plus a null delayWarningSentAt. */
  @Test
  void decodesVersion2EnvelopesAsNotHeld() throws IOException {
    byte[] v2 = java.util.HexFormat.of().parseHex("020b5631454e56454c4f50450e73406578616d706c652e636f6d010e61406578616d706c65"
        + "2e636f6d0c157266633832323b61406578616d706c652e636f6d01020f34353120342e332e302062757379010000000067748580000000"
        + "000a3132372e302e302e310c636c69656e742e7465737400010206656e762d3107583a20790d0a2a0100000000677486ac00000000"
        + "00");

    Envelope e = EnvelopeCodec.decode(v2);

    assertThat(e.queueId()).isEqualTo("V1ENVELOPE");
    assertThat(e.nextAttemptAt()).isEqualTo(Instant.parse("2025-01-01T00:05:00Z"));
    assertThat(e.delayWarningSentAt()).isNull();
    assertThat(e.held()).isFalse();
  }

  /**
   * The version 3 layout, before {@code account} and {@code campaignId}: the version 2 bytes
   * above plus a held flag of 1. Spools written before version 4 hold such envelopes.
   */
  @Test
  void decodesVersion3EnvelopesWithNoAccountOrCampaign() throws IOException {
    byte[] v3 = java.util.HexFormat.of().parseHex("030b5631454e56454c4f50450e73406578616d706c652e636f6d010e61406578616d706c65"
        + "2e636f6d0c157266633832323b61406578616d706c652e636f6d01020f34353120342e332e302062757379010000000067748580000000"
        + "000a3132372e302e302e310c636c69656e742e7465737400010206656e762d3107583a20790d0a2a0100000000677486ac00000000"
        + "0001");

    Envelope e = EnvelopeCodec.decode(v3);

    assertThat(e.queueId()).isEqualTo("V1ENVELOPE");
    assertThat(e.envId()).isEqualTo("env-1");
    assertThat(e.held()).isTrue();
    assertThat(e.account()).isNull();
    assertThat(e.campaignId()).isNull();
    Envelope rewritten = EnvelopeCodec.decode(EnvelopeCodec.encode(e));
    assertThat(rewritten).usingRecursiveComparison().isEqualTo(e);
  }

  @Test
  void roundTripsTheAccountAndCampaignAndKeepsThemThroughEveryChange() throws IOException {
    Envelope e = SpoolFixtures.envelope("ID10", 10).withOrigin("acme", "spring-sale.2025_v2");
    assertRoundTrip(e);
    assertRoundTrip(e.withOrigin(null, null));
    assertRoundTrip(e.withOrigin("acme", null));
    Envelope changed = e.withHeld(true).withDelayWarningSentAt(SpoolFixtures.RECEIVED)
        .withRecipients(e.recipients(), SpoolFixtures.RECEIVED);
    assertThat(changed.account()).isEqualTo("acme");
    assertThat(changed.campaignId()).isEqualTo("spring-sale.2025_v2");
    assertThat(EnvelopeCodec.withBodySize(e, 99).account()).isEqualTo("acme");
  }

  @Test
  void roundTripsTheHold() throws IOException {
    Envelope held = SpoolFixtures.envelope("ID8", 10).withHeld(true);
    assertRoundTrip(held);
    assertThat(EnvelopeCodec.decode(EnvelopeCodec.encode(held)).held()).isTrue();
    Envelope released = EnvelopeCodec.decode(EnvelopeCodec.encode(held.withHeld(false)));
    assertThat(released.held()).isFalse();
    assertThat(released.withRecipients(released.recipients(), SpoolFixtures.RECEIVED).held()).isFalse();
    assertThat(held.withRecipients(held.recipients(), SpoolFixtures.RECEIVED).held()).isTrue();
  }

  @Test
  void rejectsAHoldFlagOtherThanZeroOrOne() {
    byte[] bytes = EnvelopeCodec.encode(SpoolFixtures.envelope("ID9", 1).withOrigin(null, null));
    // The flag is followed by two null strings (account and campaign), one byte each.
    bytes[bytes.length - 3] = 2;
    assertThatThrownBy(() -> EnvelopeCodec.decode(bytes)).isInstanceOf(IOException.class).hasMessageContaining("flag");
  }

  @Test
  void roundTripsManyRecipients() throws IOException {
    var recipients = new ArrayList<Recipient>();
    for (int i = 0; i < 2_000; i++) recipients.add(Recipient.pending("user" + i + "@example.com", Set.of(), null));
    assertRoundTrip(SpoolFixtures.envelope("ID3", 1).withRecipients(recipients, SpoolFixtures.RECEIVED));
  }

  @Test
  void startsWithTheFormatVersion() {
    assertThat(EnvelopeCodec.encode(SpoolFixtures.envelope("ID4", 1))[0]).isEqualTo((byte) EnvelopeCodec.VERSION);
  }

  @Test
  void rejectsAnUnknownVersion() {
    byte[] bytes = EnvelopeCodec.encode(SpoolFixtures.envelope("ID5", 1));
    bytes[0] = 99;
    assertThatThrownBy(() -> EnvelopeCodec.decode(bytes)).isInstanceOf(IOException.class).hasMessageContaining("version 99");
  }

  @Test
  void rejectsTruncatedAndTrailingBytes() {
    byte[] bytes = EnvelopeCodec.encode(SpoolFixtures.envelope("ID6", 1));
    assertThatThrownBy(() -> EnvelopeCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length - 3)))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> EnvelopeCodec.decode(java.util.Arrays.copyOf(bytes, bytes.length + 1)))
        .isInstanceOf(IOException.class).hasMessageContaining("unexpected bytes");
  }

  private static void assertRoundTrip(Envelope envelope) throws IOException {
    Envelope decoded = EnvelopeCodec.decode(EnvelopeCodec.encode(envelope));
    assertThat(decoded).usingRecursiveComparison().isEqualTo(envelope);
  }
}
