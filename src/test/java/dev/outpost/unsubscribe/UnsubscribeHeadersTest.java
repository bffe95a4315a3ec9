package dev.outpost.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.store.SqliteStateStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fields for one message, by what the server is configured with and what the message has. */
class UnsubscribeHeadersTest {
  private static final Instant T0 = Instant.parse("2030-01-15T10:00:00Z");
  private static final UnsubscribeHeaders.Present NONE = new UnsubscribeHeaders.Present(false, false);
  private final UnsubscribeTokens tokens = new UnsubscribeTokens("k".repeat(32).getBytes(StandardCharsets.US_ASCII));
  @TempDir Path dir;
  private SqliteStateStore store;

  @BeforeEach
  void open() {
    store = SqliteStateStore.open(dir);
    store.insertAccount(Account.create("acme", null, AccountLimits.UNLIMITED, T0));
    store.insertAccount(Account.create("quiet", null, AccountLimits.UNLIMITED, T0).withListUnsubscribe(false));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private String fields(String linkBase, String account, List<String> rcpts, String campaign,
      UnsubscribeHeaders.Present present) {
    var addresses = new UnsubscribeAddresses(tokens, new MailboxRegistry(store, tokens, Clock.systemUTC()),
        "MTA.Example.com", linkBase);
    var headers = new UnsubscribeHeaders(store::findAccount, addresses);
    return new String(headers.fields(account, rcpts, campaign, present, "Q1"), StandardCharsets.UTF_8);
  }

  @Test
  void anHttpsBaseGetsBothUrisOneClickAndFeedbackId() {
    String id = tokens.mailboxId("acme", "reader@example.org");
    String token = tokens.issue(new UnsubscribeToken("acme", "reader@example.org", "spring"));

    assertThat(fields("https://mta.example.com", "acme", List.of("reader@example.org"), "spring", NONE))
        .isEqualTo("List-Unsubscribe: <mailto:unsubscribe+" + id + "@mta.example.com>,\r\n"
            + " <https://mta.example.com/u/" + token + ">\r\n"
            + "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n"
            + "Feedback-ID: spring:acme:outpost\r\n");
    assertThat(store.findUnsubscribeMailbox(id)).isPresent();
  }

  @Test
  void aPlainHttpBaseGetsNoOneClickAndNoHttpGetsTheMailtoAlone() {
    assertThat(fields("http://127.0.0.1:8025", "acme", List.of("reader@example.org"), null, NONE))
        .contains("<http://127.0.0.1:8025/u/").doesNotContain("List-Unsubscribe-Post")
        .endsWith("Feedback-ID: acme:outpost\r\n");
    assertThat(fields(null, "acme", List.of("reader@example.org"), null, NONE))
        .startsWith("List-Unsubscribe: <mailto:unsubscribe+").doesNotContain("/u/")
        .doesNotContain("List-Unsubscribe-Post");
  }

  @Test
  void noFieldsWithoutAnAccountOrWithTheSettingOff() {
    assertThat(fields("https://m.example", null, List.of("reader@example.org"), null, NONE)).isEmpty();
    assertThat(fields("https://m.example", "quiet", List.of("reader@example.org"), null, NONE)).isEmpty();
    assertThat(fields("https://m.example", "ghost", List.of("reader@example.org"), null, NONE)).isEmpty();
  }

  @Test
  void severalRecipientsOrTheSendersOwnListUnsubscribeGetFeedbackIdAlone() {
    assertThat(fields("https://m.example", "acme", List.of("a@example.org", "b@example.org"), null, NONE))
        .isEqualTo("Feedback-ID: acme:outpost\r\n");
    assertThat(fields("https://m.example", "acme", List.of("a@example.org"), null,
        new UnsubscribeHeaders.Present(true, false))).isEqualTo("Feedback-ID: acme:outpost\r\n");
    assertThat(fields("https://m.example", "acme", List.of("a@example.org"), null,
        new UnsubscribeHeaders.Present(true, true))).isEmpty();
  }

  @Test
  void whenTheMailtoCannotBeStoredTheOneClickUrlStillGoesOut() throws Exception {
    // The mailbox table is gone, so the registry fails; the link needs no store.
    try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStateStore.FILE_NAME))) {
      c.createStatement().executeUpdate("DROP TABLE unsubscribe_mailbox");
    }

    assertThat(fields("https://m.example", "acme", List.of("a@example.org"), null, NONE))
        .startsWith("List-Unsubscribe: <https://m.example/u/").contains("List-Unsubscribe-Post")
        .doesNotContain("mailto");
  }
}
