package dev.outpost.unsubscribe;

import dev.outpost.accounts.Base32;
import dev.outpost.signing.SigningKey;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Makes and checks the two kinds of unsubscribe identifiers, both keyed by {@link UnsubscribeKey}.
 *
 * <p>A <b>token</b>, for the one-click URL, carries its own content: version, account, address and
 * campaign, each length-prefixed, then the first 128 bits of an HMAC-SHA256 over them, all in
 * unpadded base64url. The server needs no record of the tokens it issued, so sending a campaign
 * writes nothing to the state store. Changing any octet changes the MAC, so a token cannot be
 * edited into another recipient's; the MAC is compared in constant time.
 *
 * <p>A <b>mailbox id</b>, for the {@code mailto:} address, cannot carry the address: RFC 5321 caps
 * a local part at 64 octets, and receivers may refuse longer ones (Outpost itself does). So it
 * is 120 bits of an HMAC over account and address, 24 lower-case base32 characters (case-blind, as
 * local parts are in practice), looked up in the state store ({@link MailboxRegistry}). Being
 * derived rather than random, the same recipient of the same account always gets the same id,
 * which is stored once.
 *
 * <p>Tokens and ids use separate keys derived from the secret, so one is never valid as the other.
 */
public final class UnsubscribeTokens {
  private static final int VERSION = 1;
  private static final int MAILBOX_ID_BYTES = 15;
  /** 24 characters of base32: {@link #MAILBOX_ID_BYTES} octets, 5 bits a character. */
  public static final int MAILBOX_ID_LENGTH = MAILBOX_ID_BYTES * 8 / 5;
  /** Longer input is no token: three 255-octet fields, the MAC and the header, in base64. */
  private static final int MAX_TOKEN_LENGTH = 1100;

  private final SigningKey tokenKey;
  private final SigningKey mailboxKey;

  public UnsubscribeTokens(byte[] secret) {
    this.tokenKey = new SigningKey(secret, "outpost one-click token");
    this.mailboxKey = new SigningKey(secret, "outpost mailto id");
  }

  /**
   * The token for one recipient.
   *
   * @throws IllegalArgumentException when a field is over 255 octets: the limit of an address in
   *     RFC 5321 and far above that of an account name or a campaign id
   */
  public String issue(UnsubscribeToken token) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    out.write(VERSION);
    field(out, token.account());
    field(out, token.address());
    field(out, token.campaign() == null ? "" : token.campaign());
    return tokenKey.sign(out.toByteArray());
  }

  /** The content of a token this server issued; empty for anything else, without saying why. */
  public Optional<UnsubscribeToken> verify(String token) {
    Optional<byte[]> signed = tokenKey.verify(token, MAX_TOKEN_LENGTH);
    if (signed.isEmpty()) return Optional.empty();
    byte[] payload = signed.get();
    // Authentic from here on: only this server could have written these bytes.
    if (payload.length < 4 || payload[0] != VERSION) return Optional.empty();
    int[] at = {1};
    String account = readField(payload, at);
    String address = readField(payload, at);
    String campaign = readField(payload, at);
    if (account == null || address == null || campaign == null || at[0] != payload.length) return Optional.empty();
    return Optional.of(new UnsubscribeToken(account, address, campaign.isEmpty() ? null : campaign));
  }

  /** The id of the mailto address {@code unsubscribe+ID@hostname} for this recipient of this account. */
  public String mailboxId(String account, String address) {
    byte[] input = (account + "\0" + address.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8);
    return Base32.encode(Arrays.copyOf(mailboxKey.mac(input), MAILBOX_ID_BYTES)).toLowerCase(Locale.ROOT);
  }

  /** Whether {@code id} could be a mailbox id at all, so that junk never reaches the store. */
  public static boolean looksLikeMailboxId(String id) {
    if (id.length() != MAILBOX_ID_LENGTH) return false;
    for (int i = 0; i < id.length(); i++) {
      char c = Character.toLowerCase(id.charAt(i));
      if (!(c >= 'a' && c <= 'z' || c >= '2' && c <= '7')) return false;
    }
    return true;
  }

  private static void field(ByteArrayOutputStream out, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > 255) throw new IllegalArgumentException("longer than 255 octets: " + value);
    out.write(bytes.length);
    out.writeBytes(bytes);
  }

  /** The next length-prefixed field, advancing {@code at[0]}; null when it runs past the end. */
  private static String readField(byte[] payload, int[] at) {
    if (at[0] >= payload.length) return null;
    int length = payload[at[0]] & 0xff;
    int start = at[0] + 1;
    if (start + length > payload.length) return null;
    at[0] = start + length;
    return new String(payload, start, length, StandardCharsets.UTF_8);
  }
}
