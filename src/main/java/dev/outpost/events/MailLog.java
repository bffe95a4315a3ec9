package dev.outpost.events;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per message event, in the shape operators know from Postfix's mail log, so that
 * existing habits (grep by queue id, by recipient, by status=) keep working. Logged to the
 * {@code outpost.mail} logger.
 */
public final class MailLog {
  private static final Logger LOG = LoggerFactory.getLogger("outpost.mail");

  private MailLog() {}

  public static void accepted(String queueId, String sender, int recipients, long size, String client,
      String listener) {
    LOG.info("{}: accepted from=<{}>, nrcpt={}, size={}, client={}, listener={}", queueId, sender, recipients,
        size, client, listener);
  }

  /** @param delay from the message's arrival to this outcome, by the queue's clock */
  public static void delivered(String queueId, String sender, String recipient, String relay,
      Duration delay, String dsn, String reply) {
    log("sent", queueId, sender, recipient, relay, delay, dsn, null, reply);
  }

  /** @param category the bounce category's id ({@code mailbox_full}), so logs can be counted by cause */
  public static void deferred(String queueId, String sender, String recipient, String relay,
      Duration delay, String dsn, String category, String reply) {
    log("deferred", queueId, sender, recipient, relay, delay, dsn, category, reply);
  }

  /** @param category the bounce category's id ({@code unknown_user}) */
  public static void failed(String queueId, String sender, String recipient, String relay,
      Duration delay, String dsn, String category, String reply) {
    log("bounced", queueId, sender, recipient, relay, delay, dsn, category, reply);
  }

  /**
   * A DSN about {@code queueId} was queued as {@code dsnQueueId}; {@code kind} in Postfix's words,
   * e.g. "sender non-delivery notification".
   */
  public static void dsnSent(String queueId, String dsnQueueId, String kind) {
    LOG.info("{}: {}: {}", queueId, kind, dsnQueueId);
  }

  public static void removed(String queueId) {
    LOG.info("{}: removed", queueId);
  }

  private static void log(String status, String queueId, String sender, String recipient, String relay,
      Duration delay, String dsn, String category, String reply) {
    String dsnAndCategory = category == null ? dsn : dsn + ", category=" + category;
    LOG.info("{}: from=<{}>, to=<{}>, relay={}, delay={}, dsn={}, status={} ({})", queueId, sender, recipient,
        relay, seconds(delay), dsnAndCategory, status, oneLine(reply));
  }

  /** Seconds with two decimals, as Postfix writes delay=; never negative, even if the clock stepped back. */
  static String seconds(Duration delay) {
    long hundredths = Math.max(0, delay.toMillis()) / 10;
    long fraction = hundredths % 100;
    return hundredths / 100 + (fraction < 10 ? ".0" : ".") + fraction;
  }

  private static String oneLine(String reply) {
    return reply == null ? "" : reply.replace("\r", "").replace('\n', ' ');
  }
}
