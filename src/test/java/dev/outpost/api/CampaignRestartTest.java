package dev.outpost.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outpost.accounts.AccountAdministration;
import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.ApiKeyScope;
import dev.outpost.accounts.PasswordHasher;
import dev.outpost.config.OutpostConfig;
import dev.outpost.config.RouteConfig;
import dev.outpost.control.ControlClient;
import dev.outpost.control.ControlRecord;
import dev.outpost.control.ControlRequest;
import dev.outpost.control.ControlResponse;
import dev.outpost.queue.MessageSelector;
import dev.outpost.server.RunningOutpost;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.testkit.ReceivedMessage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A campaign across a restart of the server on the same data directory: it resumes where it
 * stopped, and no recipient is lost or given a second message, also when the stop fell between a
 * message's spool commit and the record of it.
 */
class CampaignRestartTest {
  private static final Pattern QUEUE_ID = Pattern.compile("with HTTP id ([0-9A-Z]+)");

  @TempDir Path dir;
  private final List<RunningOutpost> servers = new ArrayList<>();
  private String key;

  @AfterEach
  void stop() {
    for (RunningOutpost s : servers) s.close();
  }

  private ApiClient start() throws Exception {
    return start(c -> c);
  }

  private ApiClient start(UnaryOperator<OutpostConfig> customise) throws Exception {
    RunningOutpost server = RunningOutpost.start(dir, customise);
    servers.add(server);
    if (key == null) {
      try (SqliteStateStore store = SqliteStateStore.open(dir)) {
        var accounts =
            new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), Clock.systemUTC());
        accounts.addAccount("acme", null, AccountLimits.UNLIMITED);
        accounts.addDomain("acme", "acme.test", false);
        key = accounts.addApiKey("acme", ApiKeyScope.ACCOUNT).secret();
      }
    }
    return new ApiClient(server.http(), key);
  }

  private RunningOutpost current() {
    return servers.getLast();
  }

  @Test
  void aCampaignStoppedMidwayResumesAtStartAndEveryRecipientGetsOneMessage() throws Exception {
    int total = 3000;
    ApiClient api = start();
    String id = create(api);
    CampaignsApiTest.upload(api, id, "application/x-ndjson", CampaignsApiTest.lines(total, "@restart.test"));

    api.post("/api/v1/campaigns/" + id + "/send", "");
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (api.get("/api/v1/campaigns/" + id).json().at("/counts/queued").asLong() < 300) {
      assertThat(System.nanoTime()).as("300 recipients queued within 30 s").isLessThan(deadline);
      Thread.sleep(10);
    }
    RunningOutpost first = current();
    first.close();
    servers.remove(first);
    List<ReceivedMessage> before = first.sink.messages();
    try (SqliteStateStore store = SqliteStateStore.open(dir)) {
      var stopped = store.campaigns().find(id).orElseThrow();
      assertThat(stopped.state().key()).isEqualTo("sending");
      assertThat(stopped.counts().pending()).isPositive();
    }

    api = start();
    JsonNode done = CampaignsApiTest.awaitState(api, id, "done");
    assertThat(done.at("/counts/queued").asLong()).isEqualTo(total);

    List<ReceivedMessage> after = CampaignsApiTest.awaitRecipients(current(), "@restart.test",
        total - (int) before.stream().filter(m -> m.recipients().get(0).endsWith("@restart.test")).count());
    Map<String, Set<String>> queueIdsByRecipient = new HashMap<>();
    for (ReceivedMessage m : concat(before, after)) {
      queueIdsByRecipient.computeIfAbsent(m.recipients().get(0), r -> new HashSet<>()).add(queueId(m));
    }
    assertThat(queueIdsByRecipient).hasSize(total);
    assertThat(queueIdsByRecipient.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
  }

  @Test
  void aCommitThatWasNotRecordedIsNotSentAgainAndOneThatWasNotMadeIsSent() throws Exception {
    ApiClient api = start(CampaignRestartTest::unreachableCrashTest);
    String id = create(api);
    CampaignsApiTest.upload(api, id, "application/x-ndjson", CampaignsApiTest.lines(20, "@crash.test"));
    api.post("/api/v1/campaigns/" + id + "/send", "");
    CampaignsApiTest.awaitState(api, id, "done");
    List<String> queued = queuedIds();
    assertThat(queued).hasSize(20);
    // Recipient 5's message never reached the spool: as if the server died just before its commit.
    String lost = api.get("/api/v1/campaigns/" + id + "/recipients?state=queued&after=4&limit=1").json()
        .at("/recipients/0/queue_id").asText();
    delete(lost);
    current().close();
    servers.remove(current());

    // As if the server died after the commits of recipients 0 to 5 and before their record.
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteStateStore.FILE_NAME))) {
      try (PreparedStatement s = db.prepareStatement(
          "UPDATE campaign_recipient SET state = 'pending' WHERE campaign_id = ? AND seq <= 5")) {
        s.setString(1, id);
        assertThat(s.executeUpdate()).isEqualTo(6);
      }
      try (PreparedStatement s = db.prepareStatement(
          "UPDATE campaign SET state = 'sending', queued_count = queued_count - 6, finished_at = NULL WHERE id = ?")) {
        s.setString(1, id);
        s.executeUpdate();
      }
    }

    api = start(CampaignRestartTest::unreachableCrashTest);
    JsonNode done = CampaignsApiTest.awaitState(api, id, "done");

    assertThat(done.at("/counts/queued").asLong()).isEqualTo(20);
    assertThat(queuedIds()).containsExactlyInAnyOrderElementsOf(queued);
  }

  /**
   * Mail to crash.test goes to a port where nothing listens, so every message stays deferred in
   * the queue from the first moment of either start, when the resumed campaign may already send.
   */
  private static OutpostConfig unreachableCrashTest(OutpostConfig c) {
    List<RouteConfig> routes = new ArrayList<>();
    routes.add(new RouteConfig(List.of("crash.test"), "127.0.0.1", 1));
    routes.addAll(c.routes());
    return c.withRoutes(routes);
  }

  private List<String> queuedIds() throws Exception {
    try (ControlClient control = ControlClient.connect(dir)) {
      var response = (ControlResponse.Ok) control.send(new ControlRequest.QueueList("crash.test", 1000));
      return response.records().stream().map(r -> r.get("id")).toList();
    }
  }

  private void delete(String queueId) throws Exception {
    try (ControlClient control = ControlClient.connect(dir)) {
      var response = (ControlResponse.Ok) control.send(
          new ControlRequest.QueueDelete(new MessageSelector.ById(queueId), false));
      assertThat(response.records()).extracting(ControlRecord::type).contains("changed");
    }
  }

  private String create(ApiClient api) {
    ApiClient.Response created = api.post("/api/v1/campaigns",
        "{\"template\": {\"from\": \"news@acme.test\", \"subject\": \"hi {{email}}\", \"text\": \"hello\"}}");
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().get("id").asText();
  }

  private static String queueId(ReceivedMessage m) {
    Matcher matcher = QUEUE_ID.matcher(m.dataAsString());
    assertThat(matcher.find()).isTrue();
    return matcher.group(1);
  }

  private static List<ReceivedMessage> concat(List<ReceivedMessage> a, List<ReceivedMessage> b) {
    List<ReceivedMessage> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
