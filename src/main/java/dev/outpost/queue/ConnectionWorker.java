package dev.outpost.queue;

import dev.outpost.delivery.ClientSettings;
import dev.outpost.delivery.ConnectionFailedException;
import dev.outpost.delivery.DeliveryReport;
import dev.outpost.delivery.RecipientOutcome;
import dev.outpost.delivery.SmtpClientConnection;
import dev.outpost.delivery.TlsPolicy;
import dev.outpost.metrics.OutpostMetrics;
import dev.outpost.metrics.SiteMeters;
import dev.outpost.shaping.SiteBucket;
import dev.outpost.shaping.SiteResolver;
import dev.outpost.shaping.SlowDown;
import dev.outpost.shaping.SourceAddress;
import dev.outpost.shaping.SourcePool;
import dev.outpost.shaping.TrafficShaper;
import dev.outpost.spool.Spool;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One delivery worker (a virtual thread) for one destination: opens a connection when it has a
 * job, sends job after job over it up to the messages-per-connection limit, keeps it open while
 * jobs keep coming, and says QUIT after {@code idleTimeout} without work or when the queue stops.
 *
 * <p>When a connection cannot be opened and no other worker holds one to the same destination,
 * the destination is considered down: every ready job is deferred with the same reason instead
 * of each paying its own connect timeout (Postfix's "delivery temporarily suspended").
 *
 * <p>Under traffic shaping ({@link DeliveryPolicy#shaper()} not null) each connection holds a
 * slot of its site's {@link SiteBucket} for its source address, each message waits for the
 * bucket's rate, and a "slow down" reply suspends that bucket. Invariant: a slot taken is given
 * back when the connection closes, and every send started is finished, whatever happens.
 * Without shaping no bucket is touched.
 */
final class ConnectionWorker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionWorker.class);
  private static final long POLL_SLICE_NANOS = Duration.ofMillis(200).toNanos();
  private static final long SLOT_WAIT_NANOS = Duration.ofMillis(100).toNanos();

  private final DestinationQueue queue;
  private final ClientSettings settings;
  private final Spool spool;
  private final OutcomeRecorder recorder;
  private final OutpostMetrics metrics;
  private final BooleanSupplier running;
  private final int messagesPerConnection;
  private final long idleNanos;

  /**
   * An open connection, the bucket it counts against and the name of its site (both null when
   * unshaped), its message limit, and the meters of the site it reaches.
   */
  private record Session(SmtpClientConnection connection, SiteBucket bucket, String site, int messageLimit,
      SiteMeters meters) {}

  ConnectionWorker(DestinationQueue queue, ClientSettings settings, Spool spool, OutcomeRecorder recorder,
      OutpostMetrics metrics, BooleanSupplier running, int messagesPerConnection, Duration idleTimeout) {
    this.queue = queue;
    this.settings = settings;
    this.spool = spool;
    this.recorder = recorder;
    this.metrics = metrics;
    this.running = running;
    this.messagesPerConnection = messagesPerConnection;
    this.idleNanos = idleTimeout.toNanos();
  }

  @Override
  public void run() {
    Session session = null;
    int sent = 0;
    // Taken from the queue and not yet recorded or abandoned; an interrupt must not lose it.
    DeliveryJob job = null;
    try {
      jobs:
      while (running.getAsBoolean()) {
        job = session == null ? queue.poll() : waitForJob(session);
        if (job == null) break;
        while (true) {
          if (session == null) {
            session = connect(job);
            if (session == null) {
              job = null;
              break jobs;
            }
            sent = 0;
          }
          if (session.bucket() == null || session.bucket().startSend(running)) break;
          // Suspended (or stopping) while waiting for the rate: another source may still serve it.
          close(session);
          session = null;
          if (!running.getAsBoolean()) {
            recorder.abandon(job);
            job = null;
            break jobs;
          }
        }
        boolean slowedDown;
        DeliveryReport report;
        boolean sending = session.bucket() != null;
        try {
          long started = System.nanoTime();
          report = session.connection().deliver(job.toOutbound(spool));
          session.meters().transaction(System.nanoTime() - started);
          sending = false;
          if (session.bucket() != null) session.bucket().finishSend();
          // The bucket learns of a slow-down before the outcome is visible in the queue.
          slowedDown = session.bucket() != null && slowDown(job, session.bucket(), report);
          recorder.record(job, report, session.site(), session.connection().localAddress());
          job = null;
        } catch (RuntimeException e) {
          // A bug must not strand the job: its message would stay active, never retried, until a
          // restart. It is deferred, and the connection, whose state is unknown, is closed.
          if (sending) session.bucket().finishSend();
          failed(job, session, e);
          job = null;
          session = null;
          break;
        }
        if (slowedDown || !report.connectionUsable() || ++sent >= session.messageLimit()) {
          close(session);
          session = null;
        }
      }
    } catch (InterruptedException e) {
      if (job != null) interrupted(job);
      Thread.currentThread().interrupt();
    } finally {
      if (session != null) close(session);
      queue.workerExited();
    }
  }

  /**
   * Records {@code job} as deferred after an unexpected exception while it was delivered or
   * recorded, and closes {@code session}. The worker then exits; the queue starts another if jobs
   * remain.
   */
  private void failed(DeliveryJob job, Session session, RuntimeException e) {
    LOG.error("{}: unexpected error delivering to {}; deferring it", job.envelope().queueId(),
        job.destination().name(), e);
    try {
      recorder.recordAll(job, new RecipientOutcome.Deferred("4.3.0", "internal error during delivery: " + e),
          session.connection().relay(), session.site(), session.connection().localAddress());
    } catch (RuntimeException again) {
      LOG.error("{}: cannot record the deferral either", job.envelope().queueId(), again);
    }
    close(session);
  }

  /**
   * A job in hand when the worker was interrupted. At shutdown it was never attempted and keeps
   * its state for the next start. An interrupt from anywhere else must not leave its message
   * settled but unscheduled, so it is deferred and retried like any other.
   */
  private void interrupted(DeliveryJob job) {
    if (!running.getAsBoolean()) {
      recorder.abandon(job);
      return;
    }
    LOG.warn("{}: delivery worker for {} interrupted; deferring the message", job.envelope().queueId(),
        job.destination().name());
    recorder.recordAll(job, new RecipientOutcome.Deferred("4.3.0", "delivery interrupted before the attempt"),
        OutcomeRecorder.NO_RELAY, null, null);
  }

  private DeliveryJob waitForJob(Session session) throws InterruptedException {
    long deadline = System.nanoTime() + idleNanos;
    while (running.getAsBoolean()) {
      DeliveryJob job = queue.poll();
      if (job != null) return job;
      // Idle, and a worker (of this domain or another of the site) waits for a slot: yield it.
      if (session.bucket() != null && session.bucket().hasWaiters()) return null;
      long left = deadline - System.nanoTime();
      if (left <= 0) return null;
      job = queue.pollIdle(Math.min(left, POLL_SLICE_NANOS));
      if (job != null) return job;
    }
    return null;
  }

  /** Suspends the bucket when a reply in the report asks to slow down; true if one did. */
  private static boolean slowDown(DeliveryJob job, SiteBucket bucket, DeliveryReport report) {
    TrafficShaper shaper = job.destination().policy().shaper();
    for (RecipientOutcome outcome : report.outcomes()) {
      if (outcome instanceof RecipientOutcome.Deferred d) {
        SlowDown signal = shaper.slowDown(d.dsn(), d.detail());
        if (signal != null) {
          bucket.slowDown(signal);
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Opens a connection for {@code job}. Source addresses are tried in the pool's weighted order:
   * one whose bucket is suspended or full, whose bind fails, or whose connects all fail is
   * skipped for this job, and the others take over; while a usable one is merely full, the
   * worker waits for its slot. For each source, every address of every host is tried, best first, moving on
   * after a refused or timed-out connect, a failed TLS handshake or a greeting or EHLO other
   * than 2xx. Only when all fail is the job deferred, and with it the whole destination unless
   * another worker holds a connection (or the site is suspended, which applies to all). When the
   * destination has no hosts, its failure applies to every ready job, since they all share its
   * answer. Returns null when the job was recorded or abandoned; throws, leaving the job to the
   * caller, only when interrupted while waiting for a slot.
   */
  private Session connect(DeliveryJob job) throws InterruptedException {
    List<DeliveryTarget> targets;
    try {
      targets = job.destination().hosts();
    } catch (DestinationException e) {
      RecipientOutcome outcome = e.permanent()
          ? new RecipientOutcome.Failed(e.dsn(), e.getMessage())
          : new RecipientOutcome.Deferred(e.dsn(), e.getMessage());
      recorder.recordAll(job, outcome, OutcomeRecorder.NO_RELAY, null, null);
      for (DeliveryJob other : queue.drain()) recorder.recordAll(other, outcome, OutcomeRecorder.NO_RELAY, null, null);
      if (!e.permanent()) recorder.postponeParked(queue, e.getMessage());
      return null;
    }
    DeliveryPolicy policy = job.destination().policy();
    TrafficShaper shaper = policy.shaper();
    SiteResolver.Site site = shaper == null ? null
        : shaper.siteFor(recipientDomain(job), targets.stream().map(DeliveryTarget::host).toList());
    ConnectionFailedException failure = null;
    String refusal = null;
    Set<SourceAddress> failed = new HashSet<>();
    while (running.getAsBoolean()) {
      SiteBucket full = null;
      List<SourceAddress> sources = policy.sources();
      if (sources.isEmpty()) refusal = allPaused(policy.pool());
      for (SourceAddress source : sources) {
        if (failed.contains(source)) continue;
        SiteBucket bucket = site == null ? null : shaper.bucket(site, source);
        if (bucket != null && !bucket.tryOpenConnection()) {
          String suspended = bucket.suspension();
          if (suspended != null) {
            refusal = suspended;
          } else if (full == null) {
            full = bucket;
          }
          continue;
        }
        try {
          SmtpClientConnection c = open(targets, source, site, policy, bucket);
          queue.connectionOpened();
          SiteMeters meters = metrics.site(OutcomeRecorder.metricsSite(job.destination(),
              site == null ? null : site.name()));
          return site == null ? new Session(c, null, null, messagesPerConnection, meters)
              : new Session(c, bucket, site.name(), site.limits().messagesPerConnection(), meters);
        } catch (ConnectionFailedException e) {
          if (bucket != null) bucket.connectionClosed();
          failure = e;
          failed.add(source);
          if (e.stage() == ConnectionFailedException.Stage.BIND) policy.pool().bindFailed(source, e.getMessage());
          if (bucket != null && bucket.suspension() != null) refusal = bucket.suspension();
        }
      }
      if (full == null) break;
      full.awaitConnectionSlot(SLOT_WAIT_NANOS);
    }
    if (!running.getAsBoolean()) {
      recorder.abandon(job);
      return null;
    }
    deferDestination(job, failure, refusal, site == null ? null : site.name());
    return null;
  }

  /**
   * Opens a connection from {@code source} to the first host address that takes it, saying the
   * source's EHLO name, with the site's recipients per message and the destination's TLS policy.
   * A rate-limit greeting or EHLO reply suspends {@code bucket} and ends the attempt from this
   * source, a plain 421 halves its rate and moves on to the next host; a bind failure ends the
   * attempt at once, since every host would see the same.
   */
  private SmtpClientConnection open(List<DeliveryTarget> targets, SourceAddress source, SiteResolver.Site site,
      DeliveryPolicy policy, SiteBucket bucket) throws ConnectionFailedException {
    ClientSettings s = settings;
    if (source.ehlo() != null) s = s.withHeloName(source.ehlo());
    if (site != null) s = s.withRecipientsPerTransaction(site.limits().recipientsPerMessage());
    if (policy.tls() != TlsPolicy.OPPORTUNISTIC) s = s.withTls(policy.tls());
    ConnectionFailedException failure = null;
    for (DeliveryTarget target : targets) {
      for (InetAddress address : target.addresses()) {
        try {
          return SmtpClientConnection.open(s, target.host(), new InetSocketAddress(address, target.port()),
              source.address());
        } catch (ConnectionFailedException e) {
          if (e.stage() == ConnectionFailedException.Stage.BIND) throw e;
          if (bucket != null && e.reply() != null) {
            SlowDown signal = policy.shaper().slowDown(e.reply().dsn(), e.reply().oneLine());
            if (signal != null) {
              bucket.slowDown(signal);
              if (signal.suspend()) throw e;
            }
          }
          failure = e;
        }
      }
    }
    if (failure != null) throw failure;
    throw new ConnectionFailedException("4.4.4", "no host address to connect to", null);
  }

  /**
   * Defers the job, and every ready job of the destination when nothing else is delivering to
   * it or when its site is suspended for every source address.
   */
  private void deferDestination(DeliveryJob job, ConnectionFailedException failure, String refusal, String site) {
    String dsn;
    String reason;
    if (refusal != null) {
      // X.4.5 (congestion): the mail log files it under rate_limited, which it is.
      dsn = "4.4.5";
      reason = refusal;
    } else if (failure != null) {
      dsn = asTransient(failure.dsn());
      reason = failure.getMessage();
    } else {
      dsn = "4.4.4";
      reason = "no host for destination " + job.destination().name();
    }
    recorder.recordAll(job, new RecipientOutcome.Deferred(dsn, reason), OutcomeRecorder.NO_RELAY, site, null);
    if (refusal != null || queue.connections() == 0) {
      RecipientOutcome suspended = new RecipientOutcome.Deferred(dsn, "delivery temporarily suspended: " + reason);
      for (DeliveryJob other : queue.drain()) {
        recorder.recordAll(other, suspended, OutcomeRecorder.NO_RELAY, site, null);
      }
      recorder.postponeParked(queue, suspended.detail());
    }
  }

  private static String allPaused(SourcePool pool) {
    StringBuilder s = new StringBuilder("every address of pool ").append(pool.name()).append(" is paused:");
    for (SourceAddress a : pool.addresses()) {
      s.append(' ').append(a.key()).append(" (").append(pool.pauseReason(a)).append(')');
    }
    return s.toString();
  }

  private static String recipientDomain(DeliveryJob job) {
    return job.envelope().recipients().get(job.indexes()[0]).domain().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * A deferral carries a 4.x.y code even when the last host said 5xx at greeting or EHLO: that
   * refusal was of the connection, not of the recipients, and they will be tried again.
   */
  private static String asTransient(String dsn) {
    return dsn.startsWith("5.") ? "4." + dsn.substring(2) : dsn;
  }

  private void close(Session session) {
    session.connection().close();
    queue.connectionClosed();
    if (session.bucket() != null) session.bucket().connectionClosed();
  }
}
