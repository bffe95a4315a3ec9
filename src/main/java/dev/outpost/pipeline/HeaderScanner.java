package dev.outpost.pipeline;

/**
 * Watches the start of a message as it streams past and notes whether its header section has a
 * Date and a Message-ID field, so that Outpost can add the missing ones (RFC 5321 §6.4) without
 * holding the message in memory. It looks only at the first octets of each header line and stops
 * at the blank line that ends the header section.
 */
public final class HeaderScanner {
  private static final int NAME_LIMIT = 16;

  private final byte[] name = new byte[NAME_LIMIT];
  private int nameLength;
  private boolean atLineStart = true;
  private boolean inName = true;
  private boolean done;
  private boolean hasDate;
  private boolean hasMessageId;

  public void scan(byte[] buffer, int offset, int length) {
    for (int i = offset; i < offset + length && !done; i++) {
      byte b = buffer[i];
      if (b == '\n') {
        if (atLineStart) done = true;
        atLineStart = true;
        inName = true;
        nameLength = 0;
        continue;
      }
      if (b == '\r') continue;
      if (atLineStart && inName && nameLength == 0 && (b == ' ' || b == '\t')) {
        inName = false;
      }
      atLineStart = false;
      if (!inName) continue;
      if (b == ':') {
        inName = false;
        noteField();
      } else if (nameLength < NAME_LIMIT) {
        name[nameLength++] = b;
      } else {
        inName = false;
      }
    }
  }

  private void noteField() {
    String field = new String(name, 0, nameLength, java.nio.charset.StandardCharsets.US_ASCII).trim();
    if (field.equalsIgnoreCase("date")) hasDate = true;
    if (field.equalsIgnoreCase("message-id")) hasMessageId = true;
  }

  public boolean hasDate() {
    return hasDate;
  }

  public boolean hasMessageId() {
    return hasMessageId;
  }
}
