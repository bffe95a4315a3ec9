package dev.outpost.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.outpost.pipeline.FromAddresses;
import dev.outpost.pipeline.HeaderRewriter;
import dev.outpost.pipeline.HeaderScanner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The header section of a message as a client sends it, through what Outpost reads from it: the
 * streaming {@link HeaderScanner}, the From rewrite of {@link HeaderRewriter} and the address
 * extraction of {@link FromAddresses}. The sending policy judges the From addresses these give,
 * so they must agree with each other and never be fooled by a display name or a comment.
 *
 * <p>Input reaches them only after the DATA decoder, which refuses any message with a bare CR or
 * LF; the targets normalise every line end to CR LF so the fuzzer spends its time on what can
 * arrive.
 */
class HeaderFuzzTest {
  private static final String ACCOUNT_ADDRESS = "bounces@account.example";

  @FuzzTest(maxDuration = "10s")
  void scannerGivesTheSameAnswerHoweverTheInputIsSplit(FuzzedDataProvider data) {
    int piece = data.consumeInt(1, 64);
    byte[] message = crlf(data.consumeRemainingAsBytes());
    HeaderScanner whole = new HeaderScanner();
    int wholeHeader = whole.scan(message, 0, message.length);
    HeaderScanner split = new HeaderScanner();
    int splitHeader = 0;
    for (int offset = 0; offset < message.length && !split.isComplete(); offset += piece) {
      int n = Math.min(piece, message.length - offset);
      int used = split.scan(message, offset, n);
      if (used < 0 || used > n) throw new IllegalStateException("scanned " + used + " of " + n);
      if (used < n && !split.isComplete()) throw new IllegalStateException("stopped early before the blank line");
      splitHeader += used;
    }
    if (wholeHeader != splitHeader || whole.isComplete() != split.isComplete() || whole.hasDate() != split.hasDate()
        || whole.hasMessageId() != split.hasMessageId() || whole.fromFieldCount() != split.fromFieldCount()
        || !whole.fromValue().equals(split.fromValue())) {
      throw new IllegalStateException("split in pieces of " + piece + " the scanner saw something else");
    }
    if (whole.isComplete() && !endsWithBlankLine(message, wholeHeader)) {
      throw new IllegalStateException("header section ended at " + wholeHeader + " without a blank line");
    }
  }

  /**
   * After the rewrite, a reader of the header section (the scanner, as the policy and DKIM see
   * it) finds exactly one From field, naming the account's address alone; every original line is
   * still there, the From ones renamed.
   */
  @FuzzTest(maxDuration = "10s")
  void rewrittenHeaderHasOnlyTheAccountsFrom(FuzzedDataProvider data) {
    byte[] header = crlf(data.consumeRemainingAsBytes());
    HeaderScanner before = new HeaderScanner();
    int length = before.scan(header, 0, header.length);
    byte[] section = Arrays.copyOf(header, length);
    if (before.fromFieldCount() == 0) return;

    byte[] rewritten = HeaderRewriter.replaceFrom(section, ACCOUNT_ADDRESS);

    HeaderScanner after = new HeaderScanner();
    after.scan(rewritten, 0, rewritten.length);
    List<String> from = FromAddresses.parse(after.fromValue());
    if (after.fromFieldCount() != 1 || !from.equals(List.of(ACCOUNT_ADDRESS))) {
      throw new IllegalStateException("after the rewrite the From fields say " + from + " ("
          + after.fromFieldCount() + " fields)");
    }
    if (!Arrays.equals(rewritten, expectedRewrite(section))) {
      throw new IllegalStateException("the rewrite changed other lines than the From fields");
    }
  }

  /**
   * The rewrite as the scanner understands the header section: the account's From line goes in
   * before the first line the scanner counts as a From field, and each such line is renamed.
   */
  private static byte[] expectedRewrite(byte[] section) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    boolean inserted = false;
    int start = 0;
    while (start < section.length) {
      int end = start;
      while (end < section.length && section[end] != '\n') end++;
      end = Math.min(end + 1, section.length);
      HeaderScanner line = new HeaderScanner();
      line.scan(section, start, end - start);
      if (line.fromFieldCount() > 0) {
        if (!inserted) out.writeBytes(("From: <" + ACCOUNT_ADDRESS + ">\r\n").getBytes(StandardCharsets.US_ASCII));
        inserted = true;
        out.writeBytes("X-Original-".getBytes(StandardCharsets.US_ASCII));
      }
      out.write(section, start, end - start);
      start = end;
    }
    return out.toByteArray();
  }

  /**
   * A display name or a comment, whatever it holds, never passes for an address: only the
   * address in angle brackets (or outside the comment) is taken.
   */
  @FuzzTest(maxDuration = "10s")
  void displayNamesAndCommentsAreNeverAddresses(FuzzedDataProvider data) {
    String words = data.consumeString(200);
    String address = data.consumeBoolean() ? "news@shop.example" : "a.b+c@sub.shop.example";
    String quoted = "\"" + words.replace("\\", "\\\\").replace("\"", "\\\"") + "\" <" + address + ">";
    String commented = address + " (" + words.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")";
    for (String value : List.of(quoted, commented)) {
      List<String> parsed = FromAddresses.parse(value);
      if (!parsed.equals(List.of(address))) throw new IllegalStateException(value + " gave " + parsed);
    }
    FromAddresses.parse(data.consumeRemainingAsString());
  }

  /** Every lone CR or LF becomes CR LF, as the only line end the DATA decoder lets through. */
  static byte[] crlf(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 16);
    for (int i = 0; i < in.length; i++) {
      byte b = in[i];
      if (b == '\r' && i + 1 < in.length && in[i + 1] == '\n') {
        out.write('\r');
        out.write('\n');
        i++;
      } else if (b == '\r' || b == '\n') {
        out.write('\r');
        out.write('\n');
      } else {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  private static boolean endsWithBlankLine(byte[] m, int end) {
    return (end == 2 && m[0] == '\r' && m[1] == '\n')
        || (end >= 4 && m[end - 4] == '\r' && m[end - 3] == '\n' && m[end - 2] == '\r' && m[end - 1] == '\n');
  }
}
