package dev.outpost.compose;

import dev.outpost.smtp.Mailbox;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;

/**
 * One address as a caller writes it, {@code reader@example.com} or
 * {@code "A Reader" <reader@example.com>}: the mailbox, held to the rules of an SMTP path so it
 * can go into the envelope, and the display name for the header.
 *
 * @param address the addr-spec
 * @param name the display name, or null
 */
public record MailAddress(String address, String name) {

  /**
   * Parses and checks {@code value}.
   *
   * @throws InvalidFieldException naming {@code field}
   */
  public static MailAddress parse(String value, String field) {
    if (value == null || value.isBlank()) throw new InvalidFieldException(field, "an address is required");
    Fields.requireSingleLine(value, field);
    InternetAddress parsed;
    try {
      parsed = new InternetAddress(value.strip(), true);
    } catch (AddressException e) {
      throw new InvalidFieldException(field, "not an address: " + e.getMessage());
    }
    if (parsed.isGroup()) throw new InvalidFieldException(field, "a group is not an address");
    String address = parsed.getAddress();
    if (Mailbox.isNonAscii(address)) {
      throw new InvalidFieldException(field, "internationalised addresses need a raw message: " + address);
    }
    try {
      Mailbox.check(address);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException(field, "not an address: " + e.getMessage());
    }
    String name = parsed.getPersonal();
    return new MailAddress(address, name == null || name.isBlank() ? null : name);
  }

  /** For a header field: the display name encoded (RFC 2047) when it is not plain ASCII. */
  InternetAddress internet() {
    try {
      return name == null ? new InternetAddress(address) : new InternetAddress(address, name, "UTF-8");
    } catch (AddressException | UnsupportedEncodingException e) {
      throw new IllegalStateException("checked address no longer parses: " + address, e);
    }
  }
}
