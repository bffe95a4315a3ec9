package dev.outpost.pipeline;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Watches the start of a message as it streams past and notes what Outpost needs from its header
 * section without holding the message in memory: whether it has a Date and a Message-ID field
 * (RFC 5321 §6.4: add them when missing), whether it has List-Unsubscribe and Feedback-ID fields
 * (Outpost adds its own only when it has not), the value of its From field (the sender a reader
 * sees, which an account may only set to its own domains), and the campaign the sender files the
 * message under ({@value #CAMPAIGN_FIELD}). It stops at the blank line that ends the header
 * section.
 */
public final class HeaderScanner {
  /** The field that names the sender's campaign, so that events and statistics roll up by it. */
  public static final String CAMPAIGN_FIELD = "X-Outpost-Campaign";
  /** What a campaign id may be: a short token, safe in logs, URLs and statistics keys. */
  public static final Pattern CAMPAIGN_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final int NAME_LIMIT = 32;
  private static final int FROM_LIMIT = 4096;
  /** Enough to see that a value is longer than a campaign id may be. */
  private static final int CAMPAIGN_LIMIT = 128;

  private final byte[] name = new byte[NAME_LIMIT];
  private final ByteArrayOutputStream from = new ByteArrayOutputStream();
  private final ByteArrayOutputStream campaign = new ByteArrayOutputStream();
  private int nameLength;
  private boolean atLineStart = true;
  private boolean inName = true;
  /** The value being captured, up to its limit: {@link #from}, {@link #campaign}, or null. */
  private ByteArrayOutputStream capturing;
  private int captureLimit;
  private int campaignFields;
  private boolean done;
  private boolean hasDate;
  private boolean hasMessageId;
  private boolean hasListUnsubscribe;
  private boolean hasFeedbackId;
  private int fromFields;

  /**
   * Scans up to the end of the header section and returns how many octets of this buffer belong
   * to it (all of them while the header section goes on, including the blank line that ends it).
   */
  public int scan(byte[] buffer, int offset, int length) {
    int i = offset;
    for (; i < offset + length && !done; i++) {
      byte b = buffer[i];
      if (b == '\n') {
        if (atLineStart) done = true;
        atLineStart = true;
        inName = true;
        nameLength = 0;
        continue;
      }
      if (b == '\r') continue;
      if (atLineStart) {
        boolean continuation = b == ' ' || b == '\t';
        if (continuation) {
          inName = false;
        } else {
          capturing = null;
        }
      }
      atLineStart = false;
      if (capturing != null) {
        if (capturing.size() < captureLimit) capturing.write(b);
        continue;
      }
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
    return i - offset;
  }

  /** Whether the line from {@code start} to {@code end} opens a field that {@link #scan} counts as a From field. */
  static boolean opensFromField(byte[] header, int start, int end) {
    HeaderScanner line = new HeaderScanner();
    line.scan(header, start, end - start);
    return line.fromFields > 0;
  }

  /** The blank line that ends the header section has been seen. */
  public boolean isComplete() {
    return done;
  }

  private void noteField() {
    String field = new String(name, 0, nameLength, StandardCharsets.US_ASCII).trim();
    if (field.equalsIgnoreCase("date")) hasDate = true;
    if (field.equalsIgnoreCase("message-id")) hasMessageId = true;
    if (field.equalsIgnoreCase("list-unsubscribe")) hasListUnsubscribe = true;
    if (field.equalsIgnoreCase("feedback-id")) hasFeedbackId = true;
    if (field.equalsIgnoreCase("from")) {
      fromFields++;
      capture(from, FROM_LIMIT);
      if (from.size() > 0) from.write(',');
    }
    // Only the first one counts: a second could only be a mistake, and which to prefer is a guess.
    if (field.equalsIgnoreCase(CAMPAIGN_FIELD) && campaignFields++ == 0) capture(campaign, CAMPAIGN_LIMIT);
  }

  private void capture(ByteArrayOutputStream into, int limit) {
    capturing = into;
    captureLimit = limit;
  }

  public boolean hasDate() {
    return hasDate;
  }

  public boolean hasMessageId() {
    return hasMessageId;
  }

  /** The sender wrote its own List-Unsubscribe, which Outpost leaves as it is. */
  public boolean hasListUnsubscribe() {
    return hasListUnsubscribe;
  }

  public boolean hasFeedbackId() {
    return hasFeedbackId;
  }

  /** The unfolded value of the From field (of all of them, comma-joined, if there are several). */
  public String fromValue() {
    return from.toString(StandardCharsets.UTF_8);
  }

  public int fromFieldCount() {
    return fromFields;
  }

  /**
   * The campaign id of the first {@value #CAMPAIGN_FIELD} field, unfolded and trimmed, or null
   * when there is none or its value is not a valid id ({@link #CAMPAIGN_ID}): a malformed id is
   * ignored rather than refused, since it only affects how the message is counted.
   */
  public String campaign() {
    if (campaign.size() == 0 || campaign.size() >= CAMPAIGN_LIMIT) return null;
    String value = campaign.toString(StandardCharsets.US_ASCII).trim();
    return CAMPAIGN_ID.matcher(value).matches() ? value : null;
  }
}
