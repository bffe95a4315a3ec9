package dev.outpost.tracking;

import dev.outpost.signing.SigningKey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Makes and checks the tokens of tracking URLs, keyed by {@link TrackingKey}.
 *
 * <p>A token carries its own content, so the server keeps no record of the links it wrote and a
 * campaign writes nothing per link: a version, the kind (open or click), then the queue id,
 * recipient, account, campaign and, for a click, the target URL, each as a two-octet length and
 * UTF-8, then the first 128 bits of an HMAC-SHA256 over all of that, in unpadded base64url. The
 * content is signed, not encrypted: anyone holding the link can decode it.
 *
 * <p>Changing any octet changes the MAC, which is compared in constant time, so a token cannot be
 * edited into another recipient's or another URL: the redirect goes only where a message of this
 * server pointed, never where a caller asks. The kind is inside the MAC, so an open token is no
 * click token. Only the canonical encoding is accepted, so each content has exactly one token.
 */
public final class TrackingTokens {
  private static final int VERSION = 1;
  private static final byte OPEN = 'o';
  private static final byte CLICK = 'c';
  /**
   * The longest link that is tracked, in octets. Longer ones are left as they are: they would make
   * a longer URL still, and 2,048 is what much software still assumes a URL fits in.
   */
  public static final int MAX_URL = 2048;
  /** The other fields: a queue id, an RFC 5321 path, an account name, a campaign id, with room. */
  private static final int MAX_FIELD = 1024;
  /** Longer input is no token: every field at its longest, the MAC and the header, in base64. */
  private static final int MAX_TOKEN_LENGTH = (2 + 5 * 2 + 4 * MAX_FIELD + MAX_URL + SigningKey.MAC_LENGTH) * 4 / 3 + 4;

  private final SigningKey key;

  public TrackingTokens(byte[] secret) {
    // A key of its own, derived, so that a tracking token is never valid as any other signed
    // value made from the same secret.
    this.key = new SigningKey(secret, "outpost tracking token");
  }

  /**
   * The token for one open or click.
   *
   * @throws IllegalArgumentException when the URL is longer than {@link #MAX_URL} octets or another
   *     field longer than any valid value of it
   */
  public String issue(TrackingToken token) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.write(VERSION);
    TrackedMessage m = token.message();
    switch (token) {
      case TrackingToken.Open o -> out.write(OPEN);
      case TrackingToken.Click c -> out.write(CLICK);
    }
    field(out, m.queueId(), MAX_FIELD);
    field(out, m.recipient(), MAX_FIELD);
    field(out, m.account(), MAX_FIELD);
    field(out, m.campaign(), MAX_FIELD);
    if (token instanceof TrackingToken.Click c) field(out, c.url(), MAX_URL);
    return key.sign(out.toByteArray());
  }

  /** The content of an open token this server issued; empty for anything else, without saying why. */
  public Optional<TrackingToken.Open> verifyOpen(String token) {
    return verify(token, OPEN).map(b -> new TrackingToken.Open(message(b)));
  }

  /** The content of a click token this server issued; empty for anything else, without saying why. */
  public Optional<TrackingToken.Click> verifyClick(String token) {
    // Arguments are evaluated left to right: the message's fields come first, then the URL.
    return verify(token, CLICK).map(b -> new TrackingToken.Click(message(b), text(b)));
  }

  /** The fields after the header, positioned at the first, if the token is genuine and of this kind. */
  private Optional<ByteBuffer> verify(String token, byte kind) {
    Optional<byte[]> signed = key.verify(token, MAX_TOKEN_LENGTH);
    if (signed.isEmpty()) return Optional.empty();
    byte[] payload = signed.get();
    // Past the MAC the content is ours, so these checks only guard against a key shared with an
    // older or newer format.
    if (payload.length < 2 || payload[0] != VERSION || payload[1] != kind) return Optional.empty();
    ByteBuffer fields = ByteBuffer.wrap(payload, 2, payload.length - 2);
    int count = kind == CLICK ? 5 : 4;
    ByteBuffer check = fields.duplicate();
    for (int i = 0; i < count; i++) {
      if (check.remaining() < 2) return Optional.empty();
      int length = check.getShort() & 0xffff;
      if (check.remaining() < length) return Optional.empty();
      check.position(check.position() + length);
    }
    return check.hasRemaining() ? Optional.empty() : Optional.of(fields);
  }

  private static TrackedMessage message(ByteBuffer fields) {
    String queueId = text(fields);
    return new TrackedMessage(queueId, orNull(text(fields)), orNull(text(fields)), orNull(text(fields)));
  }

  private static void field(ByteArrayOutputStream out, String value, int limit) {
    byte[] bytes = value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > limit) {
      throw new IllegalArgumentException("a tracked field of " + bytes.length + " octets is over " + limit);
    }
    out.write(bytes.length >>> 8);
    out.write(bytes.length & 0xff);
    out.write(bytes, 0, bytes.length);
  }

  private static String text(ByteBuffer fields) {
    byte[] bytes = new byte[fields.getShort() & 0xffff];
    fields.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static String orNull(String value) {
    return value.isEmpty() ? null : value;
  }
}
