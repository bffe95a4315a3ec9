package dev.outpost.control;

import dev.outpost.metrics.DeliveryTotals;
import dev.outpost.reputation.BlocklistEvent;
import dev.outpost.server.ConnectionCounts;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import dev.outpost.shaping.SiteStatus;
import java.util.List;
import java.util.Map;

/**
 * The live state of the server: the limits that protect it (issue: "every limit can be seen
 * live"), as {@code outpost limits} shows them, and the figures of {@code outpost status}. Each
 * part comes from the component that enforces the limit or counts the figure, so the view and
 * the server cannot disagree.
 */
public interface LiveStatus {

  /** SMTP connections open now, in all and per client address, with their limits. */
  ConnectionCounts connections();

  /** Addresses refused AUTH after too many failures, with the end of each block. */
  Map<InetAddress, Instant> authBlocked();

  /** Each account's use in the current windows against its limits. */
  List<AccountUsage> accounts();

  /** Each receiving site's live rate and connection limits per source address, and why it is slowed. */
  List<SiteStatus> sites();

  /** When the server started. */
  Instant startedAt();

  /** How long it has run, by the server's clock. */
  Duration uptime();

  /** Each listener's address and counts since the start. */
  List<ListenerStatus> listeners();

  /** Recipients delivered, deferred and bounced since the start. */
  DeliveryTotals deliveries();

  /** Listings of the server's own addresses and sending domains in force, as of the last check. */
  List<BlocklistEvent> blocklistings();
}
