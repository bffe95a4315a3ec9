package dev.outpost.config;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * {@code [reputation]}: the addresses Outpost sends from, and the blocklists it watches them on.
 *
 * @param sendingIps the public addresses mail leaves from; SPF, PTR and blocklists are checked
 *     for each
 * @param dnsblZones DNS blocklists of IP addresses (RFC 5782), e.g. {@code zen.spamhaus.org}
 * @param domainZones DNS blocklists of domains, checked for the sending domains
 * @param uriblZones DNS blocklists of link domains, used by the content lint
 * @param checkInterval how often the blocklists are queried
 * @param takeListedIpsOutOfPool whether a listed address stops being used until it is delisted
 * @param contentCheck whether each message is linted before it is queued, and what a spammy
 *     result does: nothing, a warning in the log, or a 550 5.7.1 refusal
 * @param spamd SpamAssassin's spamd, asked as well when the content check is on; null for none
 */
public record ReputationConfig(
    List<InetAddress> sendingIps,
    List<String> dnsblZones,
    List<String> domainZones,
    List<String> uriblZones,
    Duration checkInterval,
    boolean takeListedIpsOutOfPool,
    ContentCheck contentCheck,
    HostPort spamd) {

  /** What the content lint does to a message before it is queued. */
  public enum ContentCheck {
    OFF,
    WARN,
    REJECT
  }

  public ReputationConfig {
    sendingIps = List.copyOf(sendingIps);
    dnsblZones = List.copyOf(dnsblZones);
    domainZones = List.copyOf(domainZones);
    uriblZones = List.copyOf(uriblZones);
  }

  public static ReputationConfig defaults() {
    return new ReputationConfig(List.of(), List.of("zen.spamhaus.org", "bl.spamcop.net"),
        List.of("dbl.spamhaus.org"), List.of("multi.surbl.org", "dbl.spamhaus.org"), Duration.ofMinutes(30), false,
        ContentCheck.OFF, null);
  }

  public ReputationConfig withSendingIps(List<InetAddress> ips) {
    return new ReputationConfig(ips, dnsblZones, domainZones, uriblZones, checkInterval, takeListedIpsOutOfPool,
        contentCheck, spamd);
  }

  public ReputationConfig withZones(List<String> ip, List<String> domain, List<String> uri) {
    return new ReputationConfig(sendingIps, ip, domain, uri, checkInterval, takeListedIpsOutOfPool, contentCheck,
        spamd);
  }

  public ReputationConfig withContentCheck(ContentCheck check, HostPort spamdAddress) {
    return new ReputationConfig(sendingIps, dnsblZones, domainZones, uriblZones, checkInterval, takeListedIpsOutOfPool,
        check, spamdAddress);
  }
}
