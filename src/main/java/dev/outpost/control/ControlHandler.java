package dev.outpost.control;

import dev.outpost.accounts.Limit;
import dev.outpost.config.HostPort;
import dev.outpost.metrics.DeliveryTotals;
import dev.outpost.queue.QueueCounts;
import dev.outpost.reputation.BlocklistEvent;
import dev.outpost.queue.DestinationSummary;
import dev.outpost.shaping.SiteStatus;
import dev.outpost.queue.NoSuchMessageException;
import dev.outpost.queue.QueueActionResult;
import dev.outpost.queue.QueueAdministration;
import dev.outpost.queue.QueueEntrySummary;
import dev.outpost.queue.QueuedMessageDetails;
import dev.outpost.server.ConnectionCounts;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Answers control requests from the running server's parts: one exhaustive switch over the
 * request types, each turned into records (see {@code docs/operations.md} for their fields).
 */
public final class ControlHandler {
  private final QueueAdministration queue;
  private final LiveStatus live;

  public ControlHandler(QueueAdministration queue, LiveStatus live) {
    this.queue = queue;
    this.live = live;
  }

  public ControlResponse handle(ControlRequest request) {
    try {
      return ControlResponse.ok(switch (request) {
        case ControlRequest.Ping p -> List.of(ControlRecord.of("pong").put("protocol", ControlRequest.VERSION).build());
        case ControlRequest.QueueSummary s -> summary();
        case ControlRequest.QueueList l -> queue.list(l.domain(), l.limit()).stream().map(ControlHandler::entry).toList();
        case ControlRequest.QueueShow s -> details(queue.show(s.queueId()));
        case ControlRequest.QueueRetry r -> result(queue.retry(r.selector()));
        case ControlRequest.QueueHold h -> result(queue.hold(h.selector()));
        case ControlRequest.QueueRelease r -> result(queue.release(r.selector()));
        case ControlRequest.QueueDelete d -> result(queue.delete(d.selector(), d.bounce()));
        case ControlRequest.Limits l -> limits();
        case ControlRequest.Status s -> status();
      });
    } catch (NoSuchMessageException e) {
      return new ControlResponse.Error(e.getMessage());
    } catch (IOException | RuntimeException e) {
      return new ControlResponse.Failed(e.toString());
    }
  }

  /** Destinations first, then every site's live limits, so the view can say why a site is slow. */
  private List<ControlRecord> summary() {
    List<ControlRecord> out = new ArrayList<>();
    queue.summary().forEach(d -> out.add(destination(d)));
    live.sites().forEach(s -> out.add(site(s)));
    return out;
  }

  private static ControlRecord site(SiteStatus s) {
    return ControlRecord.of("site").put("name", s.site()).put("source", s.source()).put("connections", s.connections())
        .put("connection_limit", s.connectionLimit()).put("rate", s.currentRate()).put("configured_rate", s.configuredRate())
        .put("suspended_until", s.suspendedUntil()).put("reason", s.reason()).build();
  }

  private static ControlRecord destination(DestinationSummary d) {
    var r = ControlRecord.of("destination").put("name", d.destination()).put("messages", d.messages())
        .put("oldest", d.oldest()).put("state", d.state()).put("ready", d.ready()).put("deferred", d.deferred())
        .put("held", d.held()).put("active", d.active()).put("connections", d.connections());
    if (d.lastDeferral() != null) r.put("deferral", d.lastDeferral().reason()).put("deferral_at", d.lastDeferral().at());
    return r.build();
  }

  private static ControlRecord entry(QueueEntrySummary e) {
    return ControlRecord.of("message").put("id", e.queueId()).put("sender", e.sender()).put("received", e.receivedAt())
        .put("next_attempt", e.nextAttemptAt()).put("recipients", e.recipients()).put("pending", e.pendingRecipients())
        .flag("active", e.active()).flag("held", e.held()).put("domains", String.join(",", e.domains()))
        .put("last_reply", e.lastReply()).build();
  }

  private static List<ControlRecord> details(QueuedMessageDetails d) {
    Envelope e = d.envelope();
    List<ControlRecord> out = new ArrayList<>();
    out.add(ControlRecord.of("message").put("id", e.queueId()).put("sender", e.sender()).put("received", e.receivedAt())
        .put("next_attempt", d.nextAttemptAt()).flag("active", d.active()).flag("held", d.held())
        .put("client", e.clientAddress()).put("helo", e.heloName()).put("account", e.account())
        .put("campaign", e.campaignId()).put("size", e.bodySize())
        .put("body", e.bodyType()).flag("smtputf8", e.smtpUtf8()).put("ret", e.ret()).put("envid", e.envId())
        .put("delay_notice_at", e.delayWarningSentAt())
        .put("added_headers", e.headerPrefix() == null ? null : new String(e.headerPrefix(), StandardCharsets.UTF_8))
        .build());
    for (Recipient r : e.recipients()) {
      out.add(ControlRecord.of("recipient").put("address", r.address()).put("state", r.state().name().toLowerCase(Locale.ROOT))
          .put("attempts", r.attempts()).put("last_reply", r.lastReply()).put("orcpt", r.orcpt())
          .put("notify", r.notifyOn().isEmpty() ? null
              : String.join(",", r.notifyOn().stream().map(Enum::name).sorted().toList()))
          .build());
    }
    return out;
  }

  private static List<ControlRecord> result(QueueActionResult result) {
    List<ControlRecord> out = new ArrayList<>();
    out.add(ControlRecord.of("changed").put("count", result.changed()).build());
    result.skipped().forEach((reason, count) ->
        out.add(ControlRecord.of("skipped").put("count", count).put("reason", reason).build()));
    return out;
  }

  /**
   * The figures of {@code outpost status}: the server, each listener, the queue by state, the
   * delivery totals, then only the sites that run below their limits and the listings in force.
   */
  private List<ControlRecord> status() {
    List<ControlRecord> out = new ArrayList<>();
    out.add(ControlRecord.of("server").put("started", live.startedAt()).put("uptime", live.uptime().toSeconds())
        .build());
    for (ListenerStatus l : live.listeners()) {
      out.add(ControlRecord.of("listener").put("name", l.name()).put("address", address(l.address()))
          .put("tls", l.tls().name().toLowerCase(Locale.ROOT)).put("open", l.open()).put("connections", l.connections())
          .put("sessions", l.sessions()).put("refused", l.refused()).put("accepted", l.accepted())
          .put("rejected", l.rejected()).put("tls_ok", l.tlsSucceeded()).put("tls_failed", l.tlsFailed()).build());
    }
    QueueCounts q = queue.counts();
    out.add(ControlRecord.of("queue").put("messages", q.messages()).put("active", q.active())
        .put("deferred", q.deferred()).put("held", q.held()).put("ready", q.ready())
        .put("connections", q.connections()).build());
    DeliveryTotals d = live.deliveries();
    out.add(ControlRecord.of("delivery").put("delivered", d.delivered()).put("deferred", d.deferred())
        .put("bounced", d.bounced()).build());
    live.sites().stream().filter(SiteStatus::slowed).forEach(s -> out.add(site(s)));
    for (BlocklistEvent e : live.blocklistings()) {
      out.add(ControlRecord.of("listing").put("subject", e.subject()).put("zone", e.zone()).put("since", e.at())
          .put("reason", e.reason().isEmpty() ? null : e.reason()).build());
    }
    return out;
  }

  private static String address(InetSocketAddress a) {
    return a == null ? null : new HostPort(a.getAddress().getHostAddress(), a.getPort()).toString();
  }

  private List<ControlRecord> limits() {
    List<ControlRecord> out = new ArrayList<>();
    ConnectionCounts c = live.connections();
    out.add(ControlRecord.of("connections").put("open", c.open()).put("max", c.maxOpen())
        .put("max_per_address", c.maxPerAddress()).put("max_per_minute", c.maxPerMinute()).build());
    c.perAddress().entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
            .thenComparing(Map.Entry.comparingByKey()))
        .forEach(a -> out.add(ControlRecord.of("client").put("address", a.getKey()).put("open", a.getValue()).build()));
    live.authBlocked().entrySet().stream().sorted(Map.Entry.comparingByValue())
        .forEach(b -> out.add(ControlRecord.of("auth_blocked").put("address", b.getKey().getHostAddress())
            .put("until", b.getValue()).build()));
    live.accounts().stream().sorted(Comparator.comparing(AccountUsage::account)).forEach(a -> {
      var r = ControlRecord.of("account").put("name", a.account()).flag("enabled", a.enabled()).flag("locked", a.locked());
      for (Limit limit : Limit.values()) {
        String key = limit.name().toLowerCase(Locale.ROOT);
        if (limit.window() != null) r.put(key + "_used", a.used().in(limit.window()));
        r.put(key + "_max", a.limits().of(limit));
      }
      out.add(r.build());
    });
    return out;
  }
}
