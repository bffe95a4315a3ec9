package dev.outpost.control;

import dev.outpost.server.ConnectionCounts;
import java.net.InetAddress;
import java.time.Instant;
import dev.outpost.shaping.SiteStatus;
import java.util.List;
import java.util.Map;

/**
 * The live state of the limits that protect the server (issue: "every limit can be seen live"),
 * as {@code outpost limits} shows it. Each part comes from the component that enforces the limit,
 * so the view and the enforcement cannot disagree.
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
}
