package dev.outpost.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnsubscribeTokensTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private final UnsubscribeTokens tokens = new UnsubscribeTokens(SECRET);

  @Test
  void aTokenCarriesAccountAddressAndCampaignAndIsUrlSafe() {
    String token = tokens.issue(new UnsubscribeToken("acme", "Reader@Example.COM", "spring-sale"));

    assertThat(token).matches("[A-Za-z0-9_-]+");
    assertThat(tokens.verify(token)).contains(new UnsubscribeToken("acme", "reader@example.com", "spring-sale"));
    String plain = tokens.issue(new UnsubscribeToken("acme", "reader@example.com", null));
    assertThat(tokens.verify(plain)).contains(new UnsubscribeToken("acme", "reader@example.com", null));
    assertThat(plain.length()).as("compact: 1 + 5 + 19 + 1 + 16 octets in base64").isEqualTo(56);
  }

  @Test
  void everyEditOfATokenIsRefused() {
    String token = tokens.issue(new UnsubscribeToken("acme", "reader@example.com", "c1"));
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int i = 0; i < token.length(); i++) {
      for (char c : alphabet.toCharArray()) {
        if (c == token.charAt(i)) continue;
        String edited = token.substring(0, i) + c + token.substring(i + 1);
        assertThat(tokens.verify(edited)).as("%s at %d", c, i).isEmpty();
      }
    }
    assertThat(tokens.verify(token.substring(1))).isEmpty();
    assertThat(tokens.verify(token + "A")).isEmpty();
  }

  /** The content is readable by anyone (it is only base64); changing it needs the key. */
  @Test
  void aTokenForOneRecipientCannotBeMadeIntoAnothers() {
    byte[] bytes = Base64.getUrlDecoder().decode(tokens.issue(new UnsubscribeToken("acme", "aaa@example.com", null)));
    String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("aaa@example.com", "bbb@example.com");
    String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));

    assertThat(tokens.verify(forged)).isEmpty();
  }

  @Test
  void anotherServersTokenAndJunkAreRefused() {
    byte[] otherSecret = Arrays.copyOf(SECRET, SECRET.length);
    otherSecret[0] ^= 1;
    String foreign = new UnsubscribeTokens(otherSecret).issue(new UnsubscribeToken("acme", "a@example.com", null));

    assertThat(tokens.verify(foreign)).isEmpty();
    assertThat(tokens.verify("")).isEmpty();
    assertThat(tokens.verify("not base64!")).isEmpty();
    assertThat(tokens.verify("AAAA")).isEmpty();
    assertThat(tokens.verify("A".repeat(5000))).isEmpty();
    assertThat(tokens.verify(null)).isEmpty();
  }

  @Test
  void aFieldOverTheLimitOfAnAddressCannotBeIssued() {
    assertThatThrownBy(() -> tokens.issue(new UnsubscribeToken("acme", "a".repeat(250) + "@example.com", null)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMailboxIdFitsALocalPartAndIsOnePerRecipientOfAnAccount() {
    String id = tokens.mailboxId("acme", "Reader@Example.com");

    assertThat(id).hasSize(UnsubscribeTokens.MAILBOX_ID_LENGTH).matches("[a-z2-7]{24}");
    assertThat(("unsubscribe+" + id).length()).isLessThanOrEqualTo(64);
    assertThat(tokens.mailboxId("acme", "reader@example.com")).isEqualTo(id);
    Set<String> others = new HashSet<>(Set.of(id, tokens.mailboxId("acme", "other@example.com"),
        tokens.mailboxId("other", "reader@example.com"), tokens.mailboxId("acm", "ereader@example.com")));
    assertThat(others).hasSize(4);
    assertThat(UnsubscribeTokens.looksLikeMailboxId(id)).isTrue();
    assertThat(UnsubscribeTokens.looksLikeMailboxId(id.toUpperCase())).isTrue();
    assertThat(UnsubscribeTokens.looksLikeMailboxId(id.substring(1))).isFalse();
    assertThat(UnsubscribeTokens.looksLikeMailboxId(id.substring(1) + "1")).isFalse();
  }

  @Test
  void tokensAndMailboxIdsUseSeparateKeys() {
    String id = tokens.mailboxId("acme", "reader@example.com");
    assertThat(tokens.verify(id)).isEmpty();
  }
}
