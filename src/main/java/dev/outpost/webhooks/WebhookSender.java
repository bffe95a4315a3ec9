package dev.outpost.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

/**
 * POSTs one signed body to a webhook's URL with the JDK's HTTP client and says how it went. A
 * 2xx is success; anything else, redirects included (they are not followed, so that a signed
 * body never goes to a URL the owner did not register), is a failure with words for the log.
 */
final class WebhookSender implements AutoCloseable {
  static final String WEBHOOK_ID = "Outpost-Webhook-Id";
  static final String DELIVERY_ID = "Outpost-Delivery-Id";
  /** As much of an error response as the delivery log keeps. */
  private static final int ERROR_BODY_BYTES = 200;

  private final HttpClient client;
  private final Duration timeout;
  private final Clock clock;
  private final String userAgent;

  WebhookSender(Duration timeout, Clock clock, String userAgent) {
    this.client = HttpClient.newBuilder()
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.timeout = timeout;
    this.clock = clock;
    this.userAgent = userAgent;
  }

  /**
   * How a POST ended.
   *
   * @param status the response status, or null when there was none
   * @param error null after a 2xx, else what went wrong
   */
  record Result(Integer status, String error, Duration duration) {
    boolean delivered() {
      return error == null;
    }
  }

  /** Sends {@code body}; interrupted, it returns a failure and keeps the thread's interrupt status. */
  Result post(Webhook webhook, String deliveryId, byte[] body) {
    long unixSeconds = clock.instant().getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(webhook.url())
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("User-Agent", userAgent)
        .header(WebhookSignature.HEADER, WebhookSignature.header(webhook.secret(), unixSeconds, body))
        .header(WEBHOOK_ID, webhook.id())
        .header(DELIVERY_ID, deliveryId)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body))
        .build();
    long start = System.nanoTime();
    try {
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      int status = response.statusCode();
      String error = null;
      // Read a little of a failure for the log; closing the stream drops the rest unread.
      try (InputStream in = response.body()) {
        if (status < 200 || status > 299) error = "HTTP " + status + describe(status, in);
      }
      return new Result(status, error, since(start));
    } catch (HttpConnectTimeoutException e) {
      return new Result(null, "no connection within " + timeout.toSeconds() + "s", since(start));
    } catch (HttpTimeoutException e) {
      return new Result(null, "no response within " + timeout.toSeconds() + "s", since(start));
    } catch (ConnectException e) {
      return new Result(null, "connection refused or unreachable", since(start));
    } catch (IOException e) {
      return new Result(null, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), since(start));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(null, "interrupted: Outpost is stopping", since(start));
    }
  }

  private static String describe(int status, InputStream in) throws IOException {
    if (status >= 300 && status < 400) return " (redirects are not followed; register the final URL)";
    String text = new String(in.readNBytes(ERROR_BODY_BYTES), StandardCharsets.UTF_8).strip();
    return text.isEmpty() ? "" : ": " + text.replaceAll("\\s+", " ");
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  @Override
  public void close() {
    client.shutdownNow();
  }
}
