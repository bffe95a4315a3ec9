package dev.outpost.api;

import dev.outpost.store.StoreException;
import dev.outpost.unsubscribe.OptOuts;
import dev.outpost.unsubscribe.UnsubscribeAddresses;
import dev.outpost.unsubscribe.UnsubscribeToken;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-click unsubscribe URL of List-Unsubscribe, reached by recipients and their providers,
 * never with an API key.
 *
 * <p>{@code POST /u/{token}} with the body {@code List-Unsubscribe=One-Click} (RFC 8058: form
 * encoded or multipart; no cookies, no redirects, no questions) records the opt-out and answers
 * 200. {@code GET} only shows a page with a button that makes that POST: link scanners and
 * previews follow every link in a message, so a GET that unsubscribed would unsubscribe people
 * who never asked. A token that is forged, edited or not Outpost's gets the same 404 as an unknown
 * path, saying nothing about why. The pages name neither the recipient nor the sender, so a
 * forwarded link tells its reader nothing.
 */
public final class UnsubscribeEndpoint implements ApiService {
  private static final Logger LOG = LoggerFactory.getLogger(UnsubscribeEndpoint.class);
  /** The RFC 8058 body is 26 octets; a form with a few more fields is still small. */
  private static final int MAX_BODY = 8192;
  private static final Pattern MULTIPART_ONE_CLICK = Pattern.compile(
      "content-disposition:\\s*form-data;\\s*name=\"?List-Unsubscribe\"?[^\\r\\n]*\\r\\n(?:[^\\r\\n]+\\r\\n)*\\r\\nOne-Click\\r\\n",
      Pattern.CASE_INSENSITIVE);

  private final UnsubscribeAddresses addresses;
  private final OptOuts optOuts;

  public UnsubscribeEndpoint(UnsubscribeAddresses addresses, OptOuts optOuts) {
    this.addresses = addresses;
    this.optOuts = optOuts;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get(UnsubscribeAddresses.PATH + "{token}", this::page);
    rules.post(UnsubscribeAddresses.PATH + "{token}", this::unsubscribe);
  }

  @Override
  public String openApiFragment() {
    return "unsubscribe.json";
  }

  private void page(ServerRequest req, ServerResponse res) {
    if (token(req).isEmpty()) {
      notFound(res);
      return;
    }
    html(res, Status.OK_200, "Unsubscribe", """
        <p>Do you want to stop receiving these emails?</p>
        <form method="post">
        <input type="hidden" name="List-Unsubscribe" value="One-Click">
        <button type="submit">Unsubscribe</button>
        </form>""");
  }

  private void unsubscribe(ServerRequest req, ServerResponse res) {
    Optional<UnsubscribeToken> token = token(req);
    if (token.isEmpty()) {
      notFound(res);
      return;
    }
    if (!isOneClick(req)) {
      html(res, Status.BAD_REQUEST_400, "Unsubscribe",
          "<p>This address expects the body List-Unsubscribe=One-Click (RFC 8058).</p>");
      return;
    }
    try {
      optOuts.record(token.get().account(), token.get().address(), token.get().campaign(), OptOuts.Channel.ONE_CLICK);
    } catch (StoreException e) {
      LOG.error("one-click unsubscribe of {} from account {} not recorded: {}", token.get().address(),
          token.get().account(), e.getMessage());
      html(res, Status.SERVICE_UNAVAILABLE_503, "Unsubscribe", "<p>Please try again in a few minutes.</p>");
      return;
    }
    html(res, Status.OK_200, "Unsubscribed", "<p>You are unsubscribed and will not receive these emails again.</p>");
  }

  private Optional<UnsubscribeToken> token(ServerRequest req) {
    return addresses.resolveToken(req.path().pathParameters().get("token"));
  }

  /** Whether the body holds {@code List-Unsubscribe=One-Click}, in either form RFC 8058 allows. */
  private static boolean isOneClick(ServerRequest req) {
    String body = body(req);
    if (body == null) return false;
    String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("");
    if (type.regionMatches(true, 0, "multipart/form-data", 0, 19)) return MULTIPART_ONE_CLICK.matcher(body).find();
    for (String pair : body.strip().split("&")) {
      int eq = pair.indexOf('=');
      if (eq < 0) continue;
      try {
        if (URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals("List-Unsubscribe")
            && URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8).equals("One-Click")) {
          return true;
        }
      } catch (IllegalArgumentException malformed) {
        return false;
      }
    }
    return false;
  }

  /** The body as text, or null when it is larger than any one-click request. */
  private static String body(ServerRequest req) {
    if (!req.content().hasEntity()) return "";
    try (InputStream in = req.content().inputStream()) {
      byte[] bytes = in.readNBytes(MAX_BODY + 1);
      return bytes.length > MAX_BODY ? null : new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void notFound(ServerResponse res) {
    html(res, Status.NOT_FOUND_404, "Unsubscribe", "<p>This unsubscribe link is not valid.</p>");
  }

  /** A page without scripts, styles from elsewhere or a referrer, that no cache keeps. */
  private static void html(ServerResponse res, Status status, String title, String body) {
    res.status(status);
    res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
    res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
    res.header(HeaderNames.create("Content-Security-Policy"), "default-src 'none'; form-action 'self'");
    res.send(("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width\"><meta name=\"robots\" content=\"noindex\">"
        + "<title>" + title + "</title></head>\n<body>\n<h1>" + title + "</h1>\n" + body + "\n</body></html>\n")
        .getBytes(StandardCharsets.UTF_8));
  }
}
