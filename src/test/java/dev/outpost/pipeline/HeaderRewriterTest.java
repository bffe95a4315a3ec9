package dev.outpost.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The From rewrite renames exactly the lines the scanner read as From fields. */
class HeaderRewriterTest {

  private static String rewrite(String header) {
    byte[] out = HeaderRewriter.replaceFrom(header.getBytes(StandardCharsets.ISO_8859_1), "bounces@account.test");
    return new String(out, StandardCharsets.ISO_8859_1);
  }

  private static HeaderScanner scan(String header) {
    HeaderScanner scanner = new HeaderScanner();
    byte[] bytes = header.getBytes(StandardCharsets.ISO_8859_1);
    scanner.scan(bytes, 0, bytes.length);
    return scanner;
  }

  @Test
  void theFromFieldIsRenamedAndTheAccountsAddressGoesFirst() {
    String out = rewrite("Subject: hi\r\nFrom: \"CEO\" <ceo@bank.test>\r\n\tcontinued\r\nTo: a@b.test\r\n\r\n");

    assertThat(out).isEqualTo("Subject: hi\r\nFrom: <bounces@account.test>\r\nX-Original-From: \"CEO\" <ceo@bank.test>\r\n"
        + "\tcontinued\r\nTo: a@b.test\r\n\r\n");
  }

  /**
   * Found by HeaderFuzzTest: the scanner, and so the sending policy, read {@code from\0:} as a From
   * field, while the rewrite matched only space and tab before the colon and left it in place,
   * so the stored message kept the address the policy had refused beside no new From at all.
   */
  @Test
  void aFromFieldWithAControlCharacterBeforeTheColonIsRenamedToo() {
    String header = "from\0: ceo@bank.test\r\n\u0001From: other@bank.test\r\n\r\n";
    assertThat(scan(header).fromFieldCount()).isEqualTo(2);

    String out = rewrite(header);

    assertThat(out).isEqualTo("From: <bounces@account.test>\r\nX-Original-from\0: ceo@bank.test\r\n"
        + "X-Original-\u0001From: other@bank.test\r\n\r\n");
    assertThat(scan(out).fromFieldCount()).isEqualTo(1);
    assertThat(FromAddresses.parse(scan(out).fromValue())).containsExactly("bounces@account.test");
  }
}
