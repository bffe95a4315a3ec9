package dev.outpost.api;

import dev.outpost.events.DeliveryEvent;
import dev.outpost.events.DeliveryEvent.Type;
import dev.outpost.events.EventSink;
import dev.outpost.tracking.TrackedMessage;
import dev.outpost.tracking.TrackingTokens;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * The tracking URLs that Outpost writes into HTML it builds, reached by recipients' mail clients
 * and browsers, never with an API key.
 *
 * <p>{@code GET /t/o/{token}} answers a 1x1 transparent GIF that no cache may keep, so that each
 * showing of the message asks again, and records an {@code opened} event. {@code GET /t/c/{token}}
 * redirects (302) to the link's URL as the sender wrote it and records a {@code clicked} event
 * with that URL as its reply. A token that is forged, edited or not this server's gets a 404 and
 * never a redirect: the target comes only from inside a signed token, so this is no open
 * redirect. Nothing about the reader is recorded: no address, no user agent.
 */
public final class TrackingEndpoint implements ApiService {
  /** GIF89a, 1x1, one transparent pixel: the smallest image every mail client shows. */
  private static final byte[] PIXEL = {
      'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, (byte) 0x80, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff,
      0x21, (byte) 0xf9, 4, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b};

  private final TrackingTokens tokens;
  private final EventSink events;
  private final Clock clock;

  public TrackingEndpoint(TrackingTokens tokens, EventSink events, Clock clock) {
    this.tokens = tokens;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/t/o/{token}", this::open);
    rules.get("/t/c/{token}", this::click);
  }

  @Override
  public String openApiFragment() {
    return "tracking.json";
  }

  private void open(ServerRequest req, ServerResponse res) {
    var open = tokens.verifyOpen(req.path().pathParameters().get("token"));
    if (open.isEmpty()) {
      res.status(Status.NOT_FOUND_404);
      res.header(HeaderNames.CACHE_CONTROL, "no-store");
      res.send();
      return;
    }
    events.record(event(Type.OPENED, open.get().message()).build());
    res.header(HeaderNames.CONTENT_TYPE, "image/gif");
    // Cached, a second showing of the message would not ask again: these say so to browsers,
    // proxies and HTTP/1.0 caches alike.
    res.header(HeaderNames.CACHE_CONTROL, "no-store, no-cache, must-revalidate, private, max-age=0");
    res.header(HeaderNames.PRAGMA, "no-cache");
    res.header(HeaderNames.EXPIRES, "Thu, 01 Jan 1970 00:00:00 GMT");
    res.send(PIXEL);
  }

  private void click(ServerRequest req, ServerResponse res) {
    var click = tokens.verifyClick(req.path().pathParameters().get("token"));
    if (click.isEmpty()) {
      res.status(Status.NOT_FOUND_404);
      res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=utf-8");
      res.header(HeaderNames.CACHE_CONTROL, "no-store");
      res.send(("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found</title></head>\n"
          + "<body><p>This link is not valid.</p></body></html>\n").getBytes(StandardCharsets.UTF_8));
      return;
    }
    String url = click.get().url();
    events.record(event(Type.CLICKED, click.get().message()).reply(url, null).build());
    res.status(Status.FOUND_302);
    res.header(HeaderNames.LOCATION, url);
    // A cached redirect would take the next click straight to the target, unrecorded.
    res.header(HeaderNames.CACHE_CONTROL, "no-store");
    res.send();
  }

  private DeliveryEvent.Builder event(Type type, TrackedMessage m) {
    Instant now = clock.instant();
    return DeliveryEvent.of(type, now).queueId(m.queueId()).recipient(m.recipient()).account(m.account())
        .campaign(m.campaign());
  }
}
