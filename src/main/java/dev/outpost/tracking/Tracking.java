package dev.outpost.tracking;

import dev.outpost.compose.Draft;
import dev.outpost.config.HttpConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Open and click tracking of the messages whose HTML Outpost builds itself: structured messages of
 * the HTTP API and campaign messages. Raw messages and SMTP submissions never come here; their
 * bodies are the sender's.
 *
 * <p>What applies to a message is what its account allows (off until the operator turns it on),
 * narrowed by what the message or campaign asks for. Tracking needs the HTTP port, which serves
 * the pixel and the redirects, so with {@code [http] enabled = false} nothing is tracked.
 */
public final class Tracking {
  private static final Pattern ANGLE_URL = Pattern.compile("<([^<>]*)>");

  private final TrackingTokens tokens;
  private final TrackingRewriter rewriter;
  private final Function<String, TrackingOptions> accountOptions;

  private Tracking(TrackingTokens tokens, String linkBase, Function<String, TrackingOptions> accountOptions) {
    this.tokens = tokens;
    this.rewriter = tokens == null ? null : new TrackingRewriter(tokens, linkBase);
    this.accountOptions = accountOptions;
  }

  /**
   * Tracking for a server: its links point at {@code [http] public_url} (or the listening address),
   * signed with the key in the data directory, made on first start.
   *
   * @param accountOptions what each account allows, read from the state store each time, so that a
   *     change with {@code outpost account set} applies to the next message
   */
  public static Tracking open(HttpConfig http, Path dataDir, Function<String, TrackingOptions> accountOptions)
      throws IOException {
    if (!http.enabled()) return disabled();
    return new Tracking(new TrackingTokens(TrackingKey.loadOrCreate(dataDir)), http.linkBase(), accountOptions);
  }

  /** Tracks nothing: for a server without HTTP, and for tests that do not need it. */
  public static Tracking disabled() {
    return new Tracking(null, null, account -> TrackingOptions.NONE);
  }

  /** Checks the tokens of tracking URLs; null when tracking is disabled. */
  public TrackingTokens tokens() {
    return tokens;
  }

  /** What applies to a message of {@code account} that asks for {@code requested}. */
  public TrackingOptions options(String account, TrackingOptions requested) {
    if (tokens == null || account == null) return TrackingOptions.NONE;
    return accountOptions.apply(account).narrowedTo(requested);
  }

  /** The draft with its HTML rewritten as {@code options} say; the same draft when there is nothing to do. */
  public Draft apply(Draft draft, TrackedMessage message, TrackingOptions options) {
    if (tokens == null || !options.any() || draft.html() == null) return draft;
    return draft.withHtml(rewriter.rewrite(draft.html(), message, options, listUnsubscribeUrls(draft.headers())));
  }

  /**
   * The URLs of a List-Unsubscribe field the sender set (RFC 2369: each in angle brackets). A
   * link to the same place in the body is the same opt-out, and a provider that compares the two,
   * or a reader who hovers over the link, must see the same address.
   */
  private static Set<String> listUnsubscribeUrls(Map<String, String> headers) {
    Set<String> urls = new HashSet<>();
    headers.forEach((name, value) -> {
      if (!name.equalsIgnoreCase("List-Unsubscribe")) return;
      Matcher m = ANGLE_URL.matcher(value);
      while (m.find()) urls.add(m.group(1).strip());
    });
    return urls;
  }
}
