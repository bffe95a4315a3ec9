package dev.outpost.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.compose.Draft;
import dev.outpost.compose.MailAddress;
import dev.outpost.config.HttpConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackingTest {
  private static final TrackedMessage MESSAGE = new TrackedMessage("Q1", "ann@example.test", "acme", null);
  private static final TrackingOptions BOTH = new TrackingOptions(true, true);

  @TempDir Path dir;

  @Test
  void aRequestNarrowsWhatTheAccountAllowsAndNeverWidensIt() throws Exception {
    Tracking tracking = open(HttpConfig.defaults(), Map.of("acme", BOTH, "clicks", new TrackingOptions(false, true)));

    assertThat(tracking.options("acme", TrackingOptions.requested(null, null))).isEqualTo(BOTH);
    assertThat(tracking.options("acme", TrackingOptions.requested(false, null)))
        .isEqualTo(new TrackingOptions(false, true));
    assertThat(tracking.options("clicks", TrackingOptions.requested(true, true)))
        .isEqualTo(new TrackingOptions(false, true));
    assertThat(tracking.options("quiet", TrackingOptions.requested(true, true))).isEqualTo(TrackingOptions.NONE);
    assertThat(tracking.options(null, TrackingOptions.requested(true, true))).isEqualTo(TrackingOptions.NONE);
  }

  @Test
  void withoutHttpNothingIsTrackedAndNoKeyIsMade() throws Exception {
    Tracking tracking = open(HttpConfig.defaults().withEnabled(false), Map.of("acme", BOTH));

    assertThat(tracking.options("acme", TrackingOptions.requested(null, null))).isEqualTo(TrackingOptions.NONE);
    assertThat(tracking.tokens()).isNull();
    Draft draft = draft("<a href=\"https://shop.test/\">x</a>", Map.of());
    assertThat(tracking.apply(draft, MESSAGE, BOTH)).isSameAs(draft);
    assertThat(Files.exists(dir.resolve(TrackingKey.FILE_NAME))).isFalse();
  }

  @Test
  void linksPointAtThePublicUrlAndTheListUnsubscribeUrlsAreLeftAlone() throws Exception {
    Tracking tracking = open(HttpConfig.defaults().withPublicUrl(URI.create("https://mta.example.test/")),
        Map.of("acme", BOTH));
    Draft draft = draft("<a href=\"https://shop.test/\">x</a> <a href=\"https://shop.test/unsub?u=1\">stop</a>",
        Map.of("list-unsubscribe", "<mailto:stop@shop.test>,\r\n <https://shop.test/unsub?u=1>"));

    String html = tracking.apply(draft, MESSAGE, new TrackingOptions(false, true)).html();

    assertThat(html).startsWith("<a href=\"https://mta.example.test/t/c/")
        .endsWith("<a href=\"https://shop.test/unsub?u=1\">stop</a>");
    assertThat(tracking.apply(draft("text only", Map.of()).withHtml(null), MESSAGE, BOTH).html()).isNull();
  }

  private Tracking open(HttpConfig http, Map<String, TrackingOptions> accounts) throws Exception {
    return Tracking.open(http, dir, a -> accounts.getOrDefault(a, TrackingOptions.NONE));
  }

  private static Draft draft(String html, Map<String, String> headers) {
    return new Draft(new MailAddress("news@shop.test", null), List.of(new MailAddress("ann@example.test", null)),
        List.of(), null, "hi", null, html, headers, List.of(), null);
  }
}
