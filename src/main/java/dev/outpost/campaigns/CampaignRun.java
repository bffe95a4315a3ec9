package dev.outpost.campaigns;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.campaigns.CampaignStore.Outcome;
import dev.outpost.compose.Draft;
import dev.outpost.compose.MimeComposer;
import dev.outpost.pipeline.Arrival;
import dev.outpost.pipeline.EnvelopeCheck;
import dev.outpost.pipeline.SubmissionPipeline;
import dev.outpost.pipeline.SubmissionResult;
import dev.outpost.policy.SessionFacts;
import dev.outpost.smtp.Reply;
import dev.outpost.spool.Recipient;
import dev.outpost.tracking.TrackedMessage;
import dev.outpost.tracking.Tracking;
import dev.outpost.tracking.TrackingOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Expands one campaign into the spool on a virtual thread: reads its pending recipients a page at
 * a time, renders each one's message and submits it through the same pipeline as SMTP and the
 * HTTP API, several at once so that their spool commits share fsyncs, then records the page's
 * outcomes in one transaction. Memory holds one page, whatever the campaign's size.
 *
 * <p>No recipient is sent twice across a crash, but for one edge: each recipient's queue id is
 * recorded before its commit, so a run that finds a recorded id asks the spool whether that
 * message exists and, if it does, counts it queued without sending again. A message whose commit
 * happened and which was then delivered and removed from the spool, all before its page's
 * outcomes were recorded, is sent again: at least once, as for SMTP clients that retry.
 *
 * <p>With tracking on, each recipient's HTML is rewritten with its own queue id and address before
 * it is built, so the DKIM signature that the pipeline adds covers the tracked body.
 *
 * <p>A refusal that may pass later (an account limit, a full spool, a sender the account no
 * longer owns) pauses the campaign with the reason rather than failing recipients; a refusal for
 * one message alone (the content check, its size) fails that recipient with the reason.
 */
final class CampaignRun {
  private static final Logger LOG = LoggerFactory.getLogger(CampaignRun.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> VARS = new TypeReference<>() {};
  /** Recipients per page: read, given queue ids, and recorded in one transaction each. */
  static final int PAGE = 256;

  private final Campaign campaign;
  private final CampaignTemplate template;
  private final CampaignStore store;
  private final SubmissionPipeline pipeline;
  private final Tracking tracking;
  private final SessionFacts facts;
  private final int concurrency;
  private final Clock clock;
  private final Consumer<CampaignRun> onEnd;
  private volatile boolean stopRequested;
  private Thread thread;

  /**
   * @param concurrency messages submitted at once; their spool commits share fsyncs
   * @param onEnd called on the run's thread when it ends, however it ends
   */
  CampaignRun(Campaign campaign, CampaignTemplate template, CampaignStore store, SubmissionPipeline pipeline,
      Tracking tracking, SessionFacts facts, int concurrency, Clock clock, Consumer<CampaignRun> onEnd) {
    this.campaign = campaign;
    this.template = template;
    this.store = store;
    this.pipeline = pipeline;
    this.tracking = tracking;
    this.facts = facts;
    this.concurrency = concurrency;
    this.clock = clock;
    this.onEnd = onEnd;
  }

  String campaignId() {
    return campaign.id();
  }

  void start() {
    thread = Thread.ofVirtual().name("campaign-" + campaign.id()).start(this::run);
  }

  /** Asks the run to stop after the messages in flight; the campaign's state is the caller's to change. */
  void stop() {
    stopRequested = true;
  }

  void await() {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      long after = -1;
      while (!stopRequested) {
        List<CampaignRecipient> page = store.pending(campaign.id(), after, PAGE);
        if (page.isEmpty()) {
          if (store.changeState(campaign.id(), CampaignState.SENDING, CampaignState.DONE, null, clock.instant())) {
            LOG.info("campaign {}: every recipient expanded", campaign.id());
          }
          return;
        }
        after = page.getLast().seq();
        String pause = expand(page);
        if (pause != null) {
          pauseFor(pause);
          return;
        }
      }
    } catch (RuntimeException e) {
      LOG.error("campaign {}: expansion failed", campaign.id(), e);
      pauseFor("expansion failed (" + e.getMessage() + "); the server log has the details");
    } finally {
      onEnd.accept(this);
    }
  }

  private void pauseFor(String reason) {
    if (store.changeState(campaign.id(), CampaignState.SENDING, CampaignState.PAUSED, reason, clock.instant())) {
      LOG.warn("campaign {} paused: {}", campaign.id(), reason);
    }
  }

  /** Sends one page; returns why the campaign must pause, or null to go on. */
  private String expand(List<CampaignRecipient> page) {
    Outcome[] outcomes = new Outcome[page.size()];
    String[] queueIds = new String[page.size()];
    Map<Long, String> assigned = new HashMap<>();
    for (int i = 0; i < page.size(); i++) {
      CampaignRecipient r = page.get(i);
      if (r.queueId() != null && committed(r.queueId())) {
        outcomes[i] = new Outcome(r.seq(), RecipientState.PENDING, RecipientState.QUEUED, null);
      } else {
        queueIds[i] = r.queueId() != null ? r.queueId() : pipeline.queueIds().next();
        if (r.queueId() == null) assigned.put(r.seq(), queueIds[i]);
      }
    }
    store.assignQueueIds(campaign.id(), assigned);
    // Read once a page: an operator's change to the account reaches a long campaign within a page.
    TrackingOptions tracked = tracking.options(campaign.account(), campaign.tracking());
    AtomicInteger next = new AtomicInteger();
    AtomicReference<String> pause = new AtomicReference<>();
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int w = 0; w < concurrency; w++) {
        workers.submit(() -> {
          for (int i = next.getAndIncrement(); i < page.size(); i = next.getAndIncrement()) {
            if (stopRequested || pause.get() != null) return;
            if (outcomes[i] != null) continue;
            try {
              switch (send(page.get(i), queueIds[i], tracked)) {
                case Sent.Done d -> outcomes[i] = d.outcome();
                case Sent.Pause p -> pause.compareAndSet(null, p.reason());
              }
            } catch (RuntimeException e) {
              // Left pending, so the campaign must not go on past it to done: it pauses instead.
              LOG.error("campaign {}: sending to recipient {} failed", campaign.id(), page.get(i).seq(), e);
              pause.compareAndSet(null, "expansion failed (" + e.getMessage() + "); the server log has the details");
            }
          }
        });
      }
    }
    List<Outcome> done = Arrays.stream(outcomes).filter(Objects::nonNull).toList();
    store.record(campaign.id(), done);
    return pause.get();
  }

  /** Whether a message was committed under this id by an earlier run that did not record it. */
  private boolean committed(String queueId) {
    try {
      return pipeline.spool().envelope(queueId) != null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the spool for " + queueId, e);
    }
  }

  /** What became of one recipient. */
  private sealed interface Sent {
    record Done(Outcome outcome) implements Sent {}

    record Pause(String reason) implements Sent {}
  }

  private Sent send(CampaignRecipient r, String queueId, TrackingOptions tracked) {
    byte[] content;
    try {
      Map<String, Object> vars = r.vars() == null ? Map.of() : JSON.readValue(r.vars(), VARS);
      Draft draft = template.render(r.email(), vars, campaign.id());
      draft = tracking.apply(draft, new TrackedMessage(queueId, r.email(), campaign.account(), campaign.id()),
          tracked);
      content = MimeComposer.compose(draft);
    } catch (IOException | RuntimeException e) {
      return failed(r, "the template did not render: " + e.getMessage());
    }
    String sender = template.from().address();
    switch (pipeline.checkEnvelope(facts, sender, List.of(r.email()))) {
      case EnvelopeCheck.SenderRefused s -> {
        return new Sent.Pause(text(s.reply()));
      }
      case EnvelopeCheck.RecipientRefused refused -> {
        return refused.reply().code() < 500 ? new Sent.Pause(text(refused.reply())) : failed(r, text(refused.reply()));
      }
      case EnvelopeCheck.Checked c -> {
        if (c.accepted().isEmpty()) {
          var match = c.suppressed().get(0).match();
          return done(r, RecipientState.SUPPRESSED,
              "on the suppression list of " + match.scope() + ": " + match.reason());
        }
      }
    }
    var arrival = new Arrival(sender, List.of(Recipient.pending(r.email(), Set.of(), null)), null, null, "HTTP", null,
        false, Arrival.bodyTypeOf(content), null, null, "campaign " + campaign.id());
    return switch (pipeline.submit(facts, queueId, arrival, content)) {
      case SubmissionResult.Queued q -> done(r, RecipientState.QUEUED, null);
      case SubmissionResult.AllDropped d -> done(r, RecipientState.SUPPRESSED, "on a suppression list");
      case SubmissionResult.TakenIn t -> failed(r, "taken in by Outpost as a complaint report, not sent");
      case SubmissionResult.Refused refused ->
          refused.reply().code() < 500 ? new Sent.Pause(text(refused.reply())) : failed(r, text(refused.reply()));
      case SubmissionResult.TooBig t -> failed(r, "larger than smtp.max_message_size (" + t.limit() + " octets)");
      case SubmissionResult.StorageFull f -> new Sent.Pause("the spool is full");
      case SubmissionResult.StorageFailed f ->
          new Sent.Pause("the spool failed to store a message; see the server log");
    };
  }

  private static Sent done(CampaignRecipient r, RecipientState state, String detail) {
    return new Sent.Done(new Outcome(r.seq(), RecipientState.PENDING, state, detail));
  }

  private static Sent failed(CampaignRecipient r, String detail) {
    return done(r, RecipientState.FAILED, detail);
  }

  private static String text(Reply reply) {
    return String.join(" ", reply.lines());
  }
}
