package dev.outpost;

import dev.outpost.config.OutpostConfig;
import dev.outpost.events.EventLog;
import dev.outpost.policy.Authenticator;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * The embedding API: one Outpost server with its listeners, spool and delivery.
 *
 * <pre>{@code
 * Outpost outpost = Outpost.builder().config(OutpostConfig.defaults()).build();
 * outpost.start();
 * ...
 * outpost.stop();
 * }</pre>
 */
public final class Outpost implements AutoCloseable {
  private final OutpostConfig config;
  private final Clock clock;
  private final Authenticator authenticator;
  private OutpostRuntime runtime;

  private Outpost(OutpostConfig config, Clock clock, Authenticator authenticator) {
    this.config = config;
    this.clock = clock;
    this.authenticator = authenticator;
  }

  public static Builder builder() {
    return new Builder();
  }

  public OutpostConfig config() {
    return config;
  }

  /** Opens the spool, recovers queued messages, starts delivery and then the listeners. */
  public synchronized void start() throws IOException {
    if (runtime != null) throw new IllegalStateException("already started");
    runtime = OutpostRuntime.start(config, clock, authenticator);
  }

  /**
   * Stops accepting connections, lets sessions and deliveries in progress finish within
   * {@code server.shutdown_grace}, and closes the spool. Safe to call more than once.
   */
  public synchronized void stop() {
    if (runtime != null) {
      runtime.stop();
      runtime = null;
    }
  }

  /** Where the HTTP API listens (useful with port 0), or null when {@code [http] enabled = false}. */
  public synchronized InetSocketAddress httpAddress() {
    if (runtime == null) throw new IllegalStateException("not started");
    return runtime.httpAddress();
  }

  /** Addresses the listeners are bound to, by listener name (useful with port 0). */
  public synchronized Map<String, InetSocketAddress> listenerAddresses() {
    if (runtime == null) throw new IllegalStateException("not started");
    return runtime.listenerAddresses();
  }

  /**
   * The running server's meters, for an application that scrapes them itself ({@code scrape()}
   * gives the Prometheus text) or adds them to its own registry. A new one comes with each start.
   */
  public synchronized PrometheusMeterRegistry meterRegistry() {
    if (runtime == null) throw new IllegalStateException("not started");
    return runtime.meterRegistry();
  }

  /**
   * The delivery events and statistics of the running server: what the event and stats API
   * serve, and what tests and embedding applications can query directly.
   */
  public synchronized EventLog events() {
    if (runtime == null) throw new IllegalStateException("not started");
    return runtime.events();
  }

  /**
   * The events each webhook has still to receive, by webhook id: what a metrics gauge of the
   * webhook backlog reads. Each call counts them in the state database.
   */
  public synchronized Map<String, Long> webhookBacklog() {
    if (runtime == null) throw new IllegalStateException("not started");
    return runtime.webhooks().backlog();
  }

  @Override
  public void close() {
    stop();
  }

  /** Builds an {@link Outpost}; only the configuration is required. */
  public static final class Builder {
    private OutpostConfig config = OutpostConfig.defaults();
    private Clock clock = Clock.systemUTC();
    private Authenticator authenticator;

    public Builder config(OutpostConfig config) {
      this.config = Objects.requireNonNull(config);
      return this;
    }

    /** The clock used for the retry schedule and timestamps; tests move time with it. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /**
     * Checks SMTP AUTH credentials instead of Outpost's own account store, for applications that
     * keep their users elsewhere. Failed attempts still count against the per-address limit.
     */
    public Builder authenticator(Authenticator authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator);
      return this;
    }

    public Outpost build() {
      return new Outpost(config, clock, authenticator);
    }
  }
}
