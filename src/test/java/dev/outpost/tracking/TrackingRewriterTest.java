package dev.outpost.tracking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rewriter against HTML as senders write it. Tokens are deterministic (an HMAC of the
 * content), so each expected output is the input with exactly the expected spans replaced.
 */
class TrackingRewriterTest {
  private static final String BASE = "https://mta.example.test";
  private static final TrackedMessage MESSAGE = new TrackedMessage("Q1", "reader@example.test", "acme", "c1");
  private static final TrackingOptions BOTH = new TrackingOptions(true, true);
  private static final TrackingOptions CLICKS = new TrackingOptions(false, true);
  private static final TrackingOptions OPENS = new TrackingOptions(true, false);

  private final TrackingTokens tokens = new TrackingTokens(key());
  private final TrackingRewriter rewriter = new TrackingRewriter(tokens, BASE);

  @Test
  void httpAndHttpsLinksGoThroughRedirectsAndThePixelGoesBeforeTheEndOfTheBody() {
    String html = "<html><body>\r\n<p>Hi <a class=x href=\"https://shop.test/sale?a=1&amp;b=2\">sale</a>"
        + " and <A HREF=http://blog.test/>blog</A></p>\r\n</BODY></html>\r\n";

    String out = rewriter.rewrite(html, MESSAGE, BOTH, Set.of());

    assertThat(out).isEqualTo("<html><body>\r\n<p>Hi <a class=x href=\"" + click("https://shop.test/sale?a=1&b=2")
        + "\">sale</a> and <A HREF=" + click("http://blog.test/") + ">blog</A></p>\r\n" + pixel()
        + "</BODY></html>\r\n");
  }

  @Test
  void linksThatAreNotHttpOrAreMarkedOrAreTheUnsubscribeLinkStayAsTheyAre() {
    String html = """
        <p><a href="mailto:help@shop.test">mail</a> <a href="#top">top</a> <a href="/relative">rel</a>
        <a href="javascript:void(0)">js</a> <a href="tel:+100">tel</a> <a name="anchor">no href</a>
        <a href="https://shop.test/private" data-outpost-notrack>private</a>
        <a href="https://shop.test/unsubscribe?u=7">unsubscribe</a>
        <a href="https://mta.example.test/u/TOKEN">one-click</a>
        <a href="https://shop.test/a b">not a url</a> <a href="https://">no host</a>
        <!-- <a href="https://shop.test/in-a-comment">x</a> -->
        <a href="https://shop.test/">tracked</a></p>
        """;

    String out = rewriter.rewrite(html, MESSAGE, CLICKS, Set.of("https://shop.test/unsubscribe?u=7"));

    assertThat(out).isEqualTo(html.replace("<a href=\"https://shop.test/\">",
        "<a href=\"" + click("https://shop.test/") + "\">"));
  }

  @Test
  void onlyWhatTheOptionsSayIsDone() {
    String html = "<body><a href=\"https://shop.test/\">x</a></body>";

    assertThat(rewriter.rewrite(html, MESSAGE, OPENS, Set.of()))
        .isEqualTo("<body><a href=\"https://shop.test/\">x</a>" + pixel() + "</body>");
    assertThat(rewriter.rewrite(html, MESSAGE, CLICKS, Set.of()))
        .isEqualTo("<body><a href=\"" + click("https://shop.test/") + "\">x</a></body>");
    assertThat(rewriter.rewrite(html, MESSAGE, TrackingOptions.NONE, Set.of())).isSameAs(html);
  }

  @Test
  void aFragmentWithoutBodyGetsThePixelAtTheEnd() {
    String html = "<p>Hello <a href='https://shop.test/'>shop</a></p>";

    assertThat(rewriter.rewrite(html, MESSAGE, BOTH, Set.of()))
        .isEqualTo("<p>Hello <a href='" + click("https://shop.test/") + "'>shop</a></p>" + pixel());
  }

  @Test
  void outlookConditionalCommentsAndEverythingElseReachTheRecipientAsWritten() {
    String html = "<!DOCTYPE html>\n<html><head><style>a{color:red}</style></head><body>"
        + "<!--[if mso]><table><tr><td><![endif]-->\n<table><a href=\"https://shop.test/\">in a table</a>"
        + "<tr><td>&nbsp;&copy;&#169;</td></tr></table>\n<!--[if mso]></td></tr></table><![endif]-->"
        + "<script>var s = '<a href=\"https://evil.test/\">';</script></body></html>";

    assertThat(rewriter.rewrite(html, MESSAGE, CLICKS, Set.of()))
        .isEqualTo(html.replace("href=\"https://shop.test/\"", "href=\"" + click("https://shop.test/") + "\""));
  }

  @Test
  void misnestedMarkupThatTheParserRepairsIsRewrittenOnce() {
    String html = "<p><a href=\"https://shop.test/\"><b>bold<p>split</b></a></p>";

    assertThat(rewriter.rewrite(html, MESSAGE, CLICKS, Set.of()))
        .isEqualTo(html.replace("https://shop.test/", click("https://shop.test/")));
  }

  @Test
  void aLinkWithSpacesAroundOrNonAsciiIsTrackedToTheUrlABrowserWouldOpen() {
    String html = "<a href=\"  https://shop.test/grüße?q=ä \">x</a>";

    String out = rewriter.rewrite(html, MESSAGE, CLICKS, Set.of());

    assertThat(out).isEqualTo("<a href=\"" + click("https://shop.test/gr%C3%BC%C3%9Fe?q=%C3%A4") + "\">x</a>");
  }

  @Test
  void aLinkOverTheLengthLimitStaysAsItIs() {
    String html = "<a href=\"https://shop.test/" + "a".repeat(TrackingTokens.MAX_URL) + "\">x</a>";

    assertThat(rewriter.rewrite(html, MESSAGE, CLICKS, Set.of())).isEqualTo(html);
  }

  private String click(String url) {
    return BASE + "/t/c/" + tokens.issue(new TrackingToken.Click(MESSAGE, url));
  }

  private String pixel() {
    return "<img src=\"" + BASE + "/t/o/" + tokens.issue(new TrackingToken.Open(MESSAGE))
        + "\" width=\"1\" height=\"1\" alt=\"\">";
  }

  private static byte[] key() {
    byte[] key = new byte[32];
    Arrays.fill(key, (byte) 7);
    return key;
  }
}
