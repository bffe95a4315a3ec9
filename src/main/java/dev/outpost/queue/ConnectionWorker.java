package dev.outpost.queue;

import dev.outpost.delivery.ClientSettings;
import dev.outpost.delivery.ConnectionFailedException;
import dev.outpost.delivery.DeliveryReport;
import dev.outpost.delivery.RecipientOutcome;
import dev.outpost.delivery.SmtpClientConnection;
import dev.outpost.spool.Spool;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One delivery worker (a virtual thread) for one destination: opens a connection when it has a
 * job, sends job after job over it up to {@code messagesPerConnection}, keeps it open while
 * jobs keep coming, and says QUIT after {@code idleTimeout} without work or when the queue stops.
 *
 * <p>When a connection cannot be opened and no other worker holds one to the same destination,
 * the destination is considered down: every ready job is deferred with the same reason instead
 * of each paying its own connect timeout (Postfix's "delivery temporarily suspended").
 */
final class ConnectionWorker implements Runnable {
  private static final long POLL_SLICE_NANOS = Duration.ofMillis(200).toNanos();

  private final DestinationQueue queue;
  private final ClientSettings settings;
  private final Spool spool;
  private final OutcomeRecorder recorder;
  private final BooleanSupplier running;
  private final int messagesPerConnection;
  private final long idleNanos;

  ConnectionWorker(DestinationQueue queue, ClientSettings settings, Spool spool, OutcomeRecorder recorder,
      BooleanSupplier running, int messagesPerConnection, Duration idleTimeout) {
    this.queue = queue;
    this.settings = settings;
    this.spool = spool;
    this.recorder = recorder;
    this.running = running;
    this.messagesPerConnection = messagesPerConnection;
    this.idleNanos = idleTimeout.toNanos();
  }

  @Override
  public void run() {
    SmtpClientConnection connection = null;
    int sent = 0;
    try {
      while (running.getAsBoolean()) {
        DeliveryJob job = connection == null ? queue.poll() : waitForJob();
        if (job == null) break;
        if (connection == null) {
          connection = connect(job);
          if (connection == null) break;
          sent = 0;
        }
        DeliveryReport report = connection.deliver(job.toOutbound(spool));
        recorder.record(job, report);
        if (!report.connectionUsable() || ++sent >= messagesPerConnection) {
          close(connection);
          connection = null;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (connection != null) close(connection);
      queue.workerExited();
    }
  }

  private DeliveryJob waitForJob() throws InterruptedException {
    long deadline = System.nanoTime() + idleNanos;
    while (running.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) return null;
      DeliveryJob job = queue.pollIdle(Math.min(left, POLL_SLICE_NANOS));
      if (job != null) return job;
    }
    return null;
  }

  /**
   * Opens a connection for {@code job}: every address of every host, best first, moving on after
   * a refused or timed-out connect, a failed TLS handshake or a greeting or EHLO other than 2xx
   * (a 421 or 554 greeting included). Only when all fail is the job deferred, and with it the
   * whole destination unless another worker holds a connection. When the destination has no
   * hosts, its failure applies to every ready job, since they all share its answer.
   */
  private SmtpClientConnection connect(DeliveryJob job) {
    List<DeliveryTarget> targets;
    try {
      targets = job.destination().hosts();
    } catch (DestinationException e) {
      RecipientOutcome outcome = e.permanent()
          ? new RecipientOutcome.Failed(e.dsn(), e.getMessage())
          : new RecipientOutcome.Deferred(e.dsn(), e.getMessage());
      recorder.recordAll(job, outcome, OutcomeRecorder.NO_RELAY);
      for (DeliveryJob other : queue.drain()) recorder.recordAll(other, outcome, OutcomeRecorder.NO_RELAY);
      return null;
    }
    ConnectionFailedException failure = null;
    for (DeliveryTarget target : targets) {
      for (InetAddress address : target.addresses()) {
        try {
          SmtpClientConnection c = SmtpClientConnection.open(settings, target.host(),
              new InetSocketAddress(address, target.port()), null);
          queue.connectionOpened();
          return c;
        } catch (ConnectionFailedException e) {
          failure = e;
        }
      }
    }
    if (failure == null) {
      failure = new ConnectionFailedException("4.4.4", "no host for destination " + job.destination().name(), null);
    }
    String dsn = asTransient(failure.dsn());
    recorder.recordAll(job, new RecipientOutcome.Deferred(dsn, failure.getMessage()), OutcomeRecorder.NO_RELAY);
    if (queue.connections() == 0) {
      RecipientOutcome suspended = new RecipientOutcome.Deferred(dsn,
          "delivery temporarily suspended: " + failure.getMessage());
      for (DeliveryJob other : queue.drain()) recorder.recordAll(other, suspended, OutcomeRecorder.NO_RELAY);
    }
    return null;
  }

  /**
   * A deferral carries a 4.x.y code even when the last host said 5xx at greeting or EHLO: that
   * refusal was of the connection, not of the recipients, and they will be tried again.
   */
  private static String asTransient(String dsn) {
    return dsn.startsWith("5.") ? "4." + dsn.substring(2) : dsn;
  }

  private void close(SmtpClientConnection connection) {
    connection.close();
    queue.connectionClosed();
  }
}
