package dev.outpost.tracking;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Range;
import org.jsoup.parser.Parser;

/**
 * Rewrites the HTML of one message for tracking: each {@code http(s)} link of an {@code <a href>}
 * becomes a signed redirect through {@code /t/c/TOKEN}, and a 1x1 pixel from {@code /t/o/TOKEN}
 * goes before {@code </body>} (or at the end when the HTML has none).
 *
 * <p>jsoup parses the HTML as a browser would and reports where each tag and attribute value sits
 * in the source; only those spans are replaced, so everything else (conditional comments for
 * Outlook, whitespace, entity spellings, markup a browser would repair) reaches the recipient
 * exactly as the sender wrote it. Parsing rather than pattern matching means that an {@code href}
 * inside a comment, a script or an attribute value is never taken for a link.
 *
 * <p>Left as they are: links that are not absolute {@code http(s)} URLs ({@code mailto:}, {@code #}
 * anchors, relative links), links that are not well-formed URLs or are longer than
 * {@link TrackingTokens#MAX_URL}, links marked {@value #NO_TRACK}, the URLs of the message's
 * List-Unsubscribe field, and links to Outpost's own public pages (one-click unsubscribe, links
 * already tracked).
 */
public final class TrackingRewriter {
  /** The attribute a sender puts on an {@code <a>} whose link must not be tracked. */
  public static final String NO_TRACK = "data-outpost-notrack";
  static final String OPEN_PATH = "/t/o/";
  static final String CLICK_PATH = "/t/c/";

  private final TrackingTokens tokens;
  private final String linkBase;

  /** @param linkBase where recipients reach this server's HTTP port, without a trailing slash */
  public TrackingRewriter(TrackingTokens tokens, String linkBase) {
    this.tokens = tokens;
    this.linkBase = linkBase;
  }

  /** A replacement of {@code [start, end)} of the source. */
  private record Edit(int start, int end, String text) {}

  /**
   * The HTML with tracking as {@code options} say.
   *
   * @param untouched URLs to leave as they are wherever they appear: those of List-Unsubscribe
   */
  public String rewrite(String html, TrackedMessage message, TrackingOptions options, Set<String> untouched) {
    if (!options.any()) return html;
    Document document = Jsoup.parse(html, "", Parser.htmlParser().setTrackPosition(true));
    List<Edit> edits = new ArrayList<>();
    if (options.clicks()) links(document, message, untouched, edits);
    if (options.opens()) {
      Range end = document.body().endSourceRange();
      int at = end.isTracked() && !end.isImplicit() ? end.startPos() : html.length();
      String src = linkBase + OPEN_PATH + tokens.issue(new TrackingToken.Open(message));
      edits.add(new Edit(at, at, "<img src=\"" + src + "\" width=\"1\" height=\"1\" alt=\"\">"));
    }
    edits.sort(Comparator.comparingInt(Edit::start));
    StringBuilder out = new StringBuilder(html.length() + edits.size() * 160);
    int copied = 0;
    for (Edit e : edits) {
      out.append(html, copied, e.start()).append(e.text());
      copied = e.end();
    }
    return out.append(html, copied, html.length()).toString();
  }

  private void links(Document document, TrackedMessage message, Set<String> untouched, List<Edit> edits) {
    // The parser may clone an <a> when it repairs misnested markup; a clone shares the source span
    // of its original, which must be replaced once.
    Set<Integer> seen = new HashSet<>();
    for (Element a : document.getElementsByTag("a")) {
      if (a.hasAttr(NO_TRACK)) continue;
      Attribute href = a.attribute("href");
      if (href == null) continue;
      Range value = href.sourceRange().valueRange();
      if (!value.isTracked() || !seen.add(value.startPos())) continue;
      String target = target(href.getValue(), untouched);
      if (target == null) continue;
      String token = tokens.issue(new TrackingToken.Click(message, target));
      edits.add(new Edit(value.startPos(), value.endPos(), linkBase + CLICK_PATH + token));
    }
  }

  /**
   * Where a link leads, as the redirect will send the browser: an absolute http(s) URL with a host,
   * its non-ASCII characters percent-encoded; null for a link that stays as it is.
   */
  private String target(String href, Set<String> untouched) {
    // Browsers strip leading and trailing whitespace from URLs, so a sender's stray space is no
    // reason to leave a link untracked.
    String url = href.strip();
    String lower = url.toLowerCase(Locale.ROOT);
    if (!lower.startsWith("http://") && !lower.startsWith("https://")) return null;
    if (untouched.contains(url) || url.startsWith(linkBase + "/")) return null;
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return null;
    }
    if (uri.getHost() == null) return null;
    String ascii = uri.toASCIIString();
    return ascii.length() > TrackingTokens.MAX_URL ? null : ascii;
  }
}
