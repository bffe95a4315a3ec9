package dev.outpost.queue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Spool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * What the queue's end-to-end tests share: the spool, the mail log they read, and waiting for the
 * queue to get somewhere. Register it with {@code @RegisterExtension}; after each test it closes
 * what the test opened through it, the last opened first, so that queues stop before the sinks and
 * the spool they use.
 */
final class QueueTestKit implements AfterEachCallback {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private final ListAppender<ILoggingEvent> mailLog = new ListAppender<>();
  private Spool spool;

  /** The spool in {@code dir}, closed after everything opened after it. */
  Spool openSpool(Path dir) throws IOException {
    spool = closing(TestSpools.open(dir));
    return spool;
  }

  /** Closes {@code resource} after the test, before anything opened earlier. */
  <T extends AutoCloseable> T closing(T resource) {
    opened.push(resource);
    return resource;
  }

  /** Recovers and starts {@code queue}, which is closed after the test. */
  QueueManager start(QueueManager queue) throws IOException {
    closing(queue);
    queue.recover();
    queue.start();
    return queue;
  }

  /** Captures the {@code outpost.mail} log from now until the test ends. */
  void captureMailLog() {
    Logger logger = (Logger) LoggerFactory.getLogger("outpost.mail");
    mailLog.start();
    logger.addAppender(mailLog);
    closing(() -> logger.detachAppender(mailLog));
  }

  /** The mail log lines captured so far, formatted. */
  List<String> mailLogLines() {
    // Delivery threads append while a test reads; AppenderBase.doAppend holds the appender's monitor.
    synchronized (mailLog) {
      return mailLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  /** The envelope the spool holds under {@code id}, or null once it is gone. */
  Envelope spooled(String id) throws IOException {
    AtomicReference<Envelope> found = new AtomicReference<>();
    spool.forEachEnvelope(e -> {
      if (e.queueId().equals(id)) found.set(e);
    });
    return found.get();
  }

  /** Waits until every recipient of the spooled envelope {@code id} has had {@code attempts} attempts. */
  void awaitAttempts(String id, int attempts) throws InterruptedException {
    await(id + " to have " + attempts + " attempts", () -> {
      try {
        Envelope e = spooled(id);
        return e != null && e.recipients().stream().allMatch(r -> r.attempts() >= attempts);
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    });
  }

  /** Waits until the first recipient of {@code envelope} is stored with exactly one attempt. */
  void awaitDeferral(Envelope envelope) throws InterruptedException {
    await("the deferral of " + envelope.queueId(), () -> {
      try {
        Envelope e = spooled(envelope.queueId());
        return e != null && e.recipients().getFirst().attempts() == 1;
      } catch (Exception ex) {
        throw new IllegalStateException(ex);
      }
    });
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      Thread.sleep(10);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    Exception failure = null;
    while (!opened.isEmpty()) {
      try {
        opened.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) throw failure;
  }
}
