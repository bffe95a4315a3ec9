/**
 * The server's meters, exposed in the Prometheus format ({@code /metrics}) and summarised by
 * {@code outpost status}.
 *
 * <p>In: counts and timings from the parts on the message's path, each through a typed meter
 * group that is registered once and then only incremented ({@link dev.outpost.metrics.ListenerMeters}
 * per listener, {@link dev.outpost.metrics.SiteMeters} per receiving site,
 * {@link dev.outpost.metrics.SpoolMeters} per spool engine), so no hot path builds a meter name
 * or tag; and gauges that read live state when scraped ({@link dev.outpost.metrics.LiveGauges}:
 * the queue by state, traffic shaping per site, blocklist listings). Out: one Micrometer
 * {@link io.micrometer.core.instrument.MeterRegistry} per running server, owned by
 * {@link dev.outpost.metrics.OutpostMetrics}. Changes no queue state.
 *
 * <p>Every Outpost meter is named {@code outpost.*} (Prometheus: {@code outpost_*}); the JVM
 * binders keep Micrometer's standard {@code jvm_*}, {@code process_*} and {@code system_*} names,
 * which existing dashboards expect. {@code docs/metrics.md} lists them all.
 */
package dev.outpost.metrics;
