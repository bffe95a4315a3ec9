package dev.outpost.queue;

import dev.outpost.config.HostPort;
import dev.outpost.delivery.ClientSettings;
import dev.outpost.delivery.ConnectionFailedException;
import dev.outpost.delivery.DeliveryReport;
import dev.outpost.delivery.RecipientOutcome;
import dev.outpost.delivery.SmtpClientConnection;
import dev.outpost.spool.Spool;
import java.io.IOException;
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

  /** Opens a connection for {@code job}, or defers it (and maybe the destination) and returns null. */
  private SmtpClientConnection connect(DeliveryJob job) {
    ConnectionFailedException failure;
    try {
      List<HostPort> hosts = job.destination().hosts();
      failure = null;
      for (HostPort host : hosts) {
        try {
          SmtpClientConnection c = SmtpClientConnection.open(settings, host, null);
          queue.connectionOpened();
          return c;
        } catch (ConnectionFailedException e) {
          failure = e;
        }
      }
      if (failure == null) {
        failure = new ConnectionFailedException("4.4.4", "no host for destination " + job.destination().name(), null);
      }
    } catch (IOException e) {
      failure = new ConnectionFailedException("4.4.3", "cannot resolve destination " + job.destination().name()
          + ": " + e.getMessage(), e);
    }
    recorder.recordAll(job, new RecipientOutcome.Deferred(failure.dsn(), failure.getMessage()), OutcomeRecorder.NO_RELAY);
    if (queue.connections() == 0) {
      RecipientOutcome suspended = new RecipientOutcome.Deferred(failure.dsn(),
          "delivery temporarily suspended: " + failure.getMessage());
      for (DeliveryJob other : queue.drain()) recorder.recordAll(other, suspended, OutcomeRecorder.NO_RELAY);
    }
    return null;
  }

  private void close(SmtpClientConnection connection) {
    connection.close();
    queue.connectionClosed();
  }
}
