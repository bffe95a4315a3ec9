package dev.outpost.server;

import dev.outpost.config.AuthMode;
import dev.outpost.config.ListenerConfig;
import dev.outpost.config.OutpostConfig;
import dev.outpost.config.TlsMode;
import dev.outpost.metrics.OutpostMetrics;
import dev.outpost.pipeline.SubmissionPipeline;
import dev.outpost.policy.Authenticator;
import dev.outpost.smtp.SessionSettings;
import dev.outpost.tls.ServerTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * All configured SMTP listeners. Every socket is bound before any starts accepting, so a port
 * that is taken stops the start before Outpost has accepted anything.
 */
public final class SmtpListeners {
  private final List<SmtpListener> listeners;
  private final ConnectionLimiter limiter;

  private SmtpListeners(List<SmtpListener> listeners, ConnectionLimiter limiter) {
    this.listeners = listeners;
    this.limiter = limiter;
  }

  public static SmtpListeners bind(OutpostConfig config, SubmissionPipeline pipeline,
      Supplier<ServerTls> tls, Authenticator authenticator, Clock clock, OutpostMetrics metrics) throws IOException {
    var limiter = new ConnectionLimiter(config.server().maxConnections(), config.server().maxConnectionsPerIp(),
        config.abuse().connectionRatePerIp(), clock);
    List<SmtpListener> bound = new ArrayList<>();
    try {
      for (ListenerConfig listener : config.listeners()) {
        boolean withTls = listener.tls() != TlsMode.NONE;
        boolean withAuth = withTls && authenticator != null && listener.auth() != AuthMode.NONE;
        var settings = new SessionSettings(config.server().hostname(), config.smtp().maxMessageSize(),
            config.smtp().maxRecipients(), config.smtp().maxErrors(), listener.tls() == TlsMode.STARTTLS, withAuth,
            config.abuse().maxJunkCommands(), config.abuse().errorDelayAfter(), config.abuse().errorDelay());
        var context = new ListenerContext(listener, settings, pipeline, withAuth ? authenticator : null,
            config.relay(), config.smtp(), withTls ? tls : null, config.smtp().greetPause(),
            config.abuse().maxSessionDuration(), metrics.listener(listener.name(), listener.tls()));
        try {
          bound.add(new SmtpListener(context, limiter));
        } catch (IOException e) {
          throw new IOException("cannot listen on " + listener.address() + " (listener \"" + listener.name() + "\"): "
              + e.getMessage(), e);
        }
      }
    } catch (IOException e) {
      bound.forEach(SmtpListener::stopAccepting);
      throw e;
    }
    return new SmtpListeners(bound, limiter);
  }

  public void start() {
    listeners.forEach(SmtpListener::start);
  }

  /** Stops accepting everywhere, then gives sessions in progress up to {@code grace} in all. */
  public void stop(Duration grace) {
    listeners.forEach(SmtpListener::stopAccepting);
    var waits = listeners.stream().map(l -> Thread.ofVirtual().start(() -> l.awaitSessions(grace))).toList();
    for (Thread t : waits) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Open connections of every listener, in all and per client address, with their limits. */
  public ConnectionCounts connections() {
    return limiter.counts();
  }

  public Map<String, InetSocketAddress> addresses() {
    Map<String, InetSocketAddress> result = new LinkedHashMap<>();
    for (SmtpListener l : listeners) result.put(l.name(), l.address());
    return result;
  }
}
