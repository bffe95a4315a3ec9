/**
 * Traffic shaping and source addresses for outbound delivery.
 *
 * <p>In: a destination's recipient domain and MX host names (from a delivery worker about to
 * connect), the replies of remote servers, {@code [shaping]} profiles and {@code [[pool]]}s.
 * Out: the {@link dev.outpost.shaping.SiteResolver.Site} the domain belongs to, a
 * {@link dev.outpost.shaping.SiteBucket} per site and source address that grants connection
 * slots and send permits, the source addresses to bind in weighted order
 * ({@link dev.outpost.shaping.SourcePool}), and live state for {@code outpost queue}
 * ({@link dev.outpost.shaping.TrafficShaper#sites()}).
 *
 * <p>It changes no queue state: a worker that is refused a slot or a send defers its job through
 * the queue. Sites group domains by provider (the built-in {@code sites.toml}, extended by
 * config), so every Google Workspace domain shares Google's limits. Limits are per source IP.
 * Rates are exact over their window ({@link dev.outpost.shaping.SendWindow}). Backoff is AIMD:
 * a rate-limit reply suspends and halves, quiet intervals add back a tenth of the limit.
 *
 * <p>State is in memory and per node; a cluster-wide store (Redis) would implement the same
 * bucket operations.
 */
package dev.outpost.shaping;
