package dev.outpost.campaigns;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outpost.campaigns.CampaignStore.NewRecipient;
import dev.outpost.campaigns.CampaignStore.Outcome;
import dev.outpost.config.AuthMode;
import dev.outpost.pipeline.SubmissionPipeline;
import dev.outpost.policy.SessionFacts;
import dev.outpost.queue.MessageSelector;
import dev.outpost.queue.NoSuchMessageException;
import dev.outpost.queue.QueueActionResult;
import dev.outpost.queue.QueueAdministration;
import dev.outpost.spool.QueueIds;
import dev.outpost.tracking.Tracking;
import dev.outpost.tracking.TrackingOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Campaigns: created as drafts, filled with recipients in streamed uploads, then sent, paused,
 * resumed or cancelled. Each campaign that is sending has one {@link CampaignRun} expanding it;
 * those that were sending when the server stopped are resumed at {@link #start}.
 *
 * <p>Changes to one campaign take turns on its lock (an upload holds it to its end, so a send
 * waits for the upload in progress); a run that finishes or pauses itself changes the state with
 * a compare-and-set in the store, which is why the others re-read the state after theirs fails.
 */
public final class Campaigns implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int UPLOAD_BATCH = 1000;
  /** Messages of one campaign submitted at once: enough for their spool commits to share fsyncs. */
  private static final int CONCURRENCY = 32;

  private final CampaignStore store;
  private final SubmissionPipeline pipeline;
  private final Tracking tracking;
  private final Supplier<QueueAdministration> queue;
  private final Clock clock;
  private final ConcurrentHashMap<String, CampaignRun> running = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final QueueIds ids = new QueueIds();

  /**
   * @param tracking rewrites each message's HTML for open and click tracking, as its account allows
   * @param queue the queue's administration, for removing a cancelled campaign's messages
   */
  public Campaigns(CampaignStore store, SubmissionPipeline pipeline, Tracking tracking,
      Supplier<QueueAdministration> queue, Clock clock) {
    this.store = store;
    this.pipeline = pipeline;
    this.tracking = tracking;
    this.queue = queue;
    this.clock = clock;
  }

  /** Resumes the campaigns that were sending when the server last stopped. */
  public void start() {
    for (Campaign c : store.inState(CampaignState.SENDING)) launch(c);
  }

  /** The policy facts of a campaign's messages: an authenticated account, on no network but ours. */
  public static SessionFacts facts(String account) {
    return new SessionFacts(InetAddress.getLoopbackAddress(), false, AuthMode.REQUIRED, false, account);
  }

  /**
   * A new draft. The template is checked and compiled here, so a campaign that exists can render.
   *
   * @param trackingAsked the open and click tracking asked for, which the account's setting may narrow
   * @throws dev.outpost.compose.InvalidFieldException naming the template field at fault
   */
  public Campaign create(String account, String name, TemplateSpec template, boolean escapeHtml,
      TrackingOptions trackingAsked) {
    CampaignTemplate.compile(template, escapeHtml);
    String json;
    try {
      json = JSON.writeValueAsString(template);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a template does not serialise", e);
    }
    var campaign = new Campaign("c" + ids.next(), account, name, CampaignState.DRAFT, null, json, escapeHtml,
        trackingAsked, CampaignCounts.NONE, clock.instant(), null, null);
    store.insert(campaign);
    return campaign;
  }

  public Optional<Campaign> find(String id) {
    return store.find(id);
  }

  /** The newest campaigns of an account, or of all when it is null. */
  public List<Campaign> list(String account, int limit) {
    return store.list(account, limit);
  }

  /** A page of one campaign's recipients in one state, by seq. */
  public List<CampaignRecipient> recipients(String id, RecipientState state, long afterSeq, int limit) {
    return store.recipients(id, state, afterSeq, limit);
  }

  /** The template as stored, for the status view. */
  public static TemplateSpec template(Campaign campaign) {
    try {
      return JSON.readValue(campaign.template(), TemplateSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("campaign " + campaign.id() + " has a template that does not parse", e);
    }
  }

  /**
   * Adds the recipients of one upload as they stream in, in batches of one transaction each. An
   * upload cut short keeps the batches stored before the cut; uploading it again is harmless,
   * since an address the campaign has is skipped.
   */
  public UploadResult upload(String id, RecipientUpload.Format format, InputStream body) {
    return locked(id, () -> {
      require(id, CampaignState.DRAFT, "only a draft takes recipients");
      var batches = new UploadBatches(id);
      try {
        RecipientUpload.read(format, body, batches);
      } catch (IOException e) {
        throw new UncheckedIOException("the upload could not be read", e);
      }
      batches.flush();
      return new UploadResult(batches.added, batches.duplicates, batches.rejected, List.copyOf(batches.errors),
          current(id).counts().recipients());
    });
  }

  /** Collects an upload's records into batches for the store, and counts what happened to them. */
  private final class UploadBatches implements RecipientUpload.Sink {
    private final String id;
    private final List<NewRecipient> batch = new ArrayList<>(UPLOAD_BATCH);
    private final List<UploadResult.LineError> errors = new ArrayList<>();
    private long added;
    private long duplicates;
    private long rejected;

    UploadBatches(String id) {
      this.id = id;
    }

    @Override
    public void accept(NewRecipient recipient) {
      batch.add(recipient);
      if (batch.size() == UPLOAD_BATCH) flush();
    }

    @Override
    public void reject(long line, String field, String message) {
      rejected++;
      if (errors.size() < UploadResult.ERRORS_SHOWN) errors.add(new UploadResult.LineError(line, field, message));
    }

    void flush() {
      int stored = store.addRecipients(id, batch);
      added += stored;
      duplicates += batch.size() - stored;
      batch.clear();
    }
  }

  /** Starts sending a draft. */
  public Campaign send(String id) {
    return locked(id, () -> {
      require(id, CampaignState.DRAFT, "only a draft can be sent; a paused campaign is resumed");
      if (!store.changeState(id, CampaignState.DRAFT, CampaignState.SENDING, null, clock.instant())) {
        throw new CampaignStateException(conflict(current(id), "only a draft can be sent"));
      }
      Campaign sending = current(id);
      launch(sending);
      return sending;
    });
  }

  /** Stops expanding after the messages in flight; what is queued stays queued. */
  public Campaign pause(String id) {
    return locked(id, () -> {
      stopRun(id);
      if (!store.changeState(id, CampaignState.SENDING, CampaignState.PAUSED, null, clock.instant())) {
        Campaign now = current(id);
        // The run may have paused itself (a limit) or finished just before: that is an answer too.
        if (now.state() != CampaignState.PAUSED) {
          throw new CampaignStateException(conflict(now, "only a sending campaign can be paused"));
        }
        return now;
      }
      return current(id);
    });
  }

  public Campaign resume(String id) {
    return locked(id, () -> {
      if (!store.changeState(id, CampaignState.PAUSED, CampaignState.SENDING, null, clock.instant())) {
        throw new CampaignStateException(conflict(current(id), "only a paused campaign can be resumed"));
      }
      Campaign sending = current(id);
      launch(sending);
      return sending;
    });
  }

  /**
   * Stops the campaign for good: pending recipients are never sent, and its queued messages not
   * yet delivered are deleted from the queue (without a bounce to the sender, who asked for it).
   * Works on a done campaign too, whose messages may still be waiting in the queue.
   */
  public CancelResult cancel(String id) {
    return locked(id, () -> {
      stopRun(id);
      Campaign before = current(id);
      if (before.state() == CampaignState.CANCELLED
          || !store.changeState(id, before.state(), CampaignState.CANCELLED, null, clock.instant())) {
        throw new CampaignStateException(conflict(current(id), "this campaign cannot be cancelled"));
      }
      long notSent = store.cancelPending(id);
      long[] counts = removeQueued(id);
      return new CancelResult(current(id), notSent, counts[0], counts[1], counts[2]);
    });
  }

  /** Deletes the queued messages page by page: removed, already gone, and being delivered. */
  private long[] removeQueued(String id) {
    long[] counts = new long[3];
    QueueAdministration administration = queue.get();
    long after = -1;
    for (List<CampaignRecipient> page = store.recipients(id, RecipientState.QUEUED, after, CampaignRun.PAGE);
        !page.isEmpty(); page = store.recipients(id, RecipientState.QUEUED, after, CampaignRun.PAGE)) {
      List<Outcome> removed = new ArrayList<>();
      for (CampaignRecipient r : page) {
        try {
          QueueActionResult result = administration.delete(new MessageSelector.ById(r.queueId()), false);
          if (result.changed() == 1) {
            removed.add(
                new Outcome(r.seq(), RecipientState.QUEUED, RecipientState.CANCELLED, "removed from the queue"));
            counts[0]++;
          } else {
            counts[2]++;
          }
        } catch (NoSuchMessageException e) {
          counts[1]++;
        } catch (IOException e) {
          throw new UncheckedIOException("cannot delete " + r.queueId() + " from the queue", e);
        }
      }
      store.record(id, removed);
      after = page.getLast().seq();
    }
    return counts;
  }

  /** Stops every run, leaving their campaigns sending, so the next start resumes them. */
  @Override
  public void close() {
    List<CampaignRun> runs = List.copyOf(running.values());
    runs.forEach(CampaignRun::stop);
    runs.forEach(CampaignRun::await);
  }

  private void launch(Campaign campaign) {
    var template = CampaignTemplate.compile(template(campaign), campaign.escapeHtml());
    var run = new CampaignRun(campaign, template, store, pipeline, tracking, facts(campaign.account()), CONCURRENCY,
        clock, ended -> running.remove(ended.campaignId(), ended));
    running.put(campaign.id(), run);
    run.start();
  }

  private void stopRun(String id) {
    CampaignRun run = running.get(id);
    if (run == null) return;
    run.stop();
    run.await();
  }

  private void require(String id, CampaignState state, String rule) {
    Campaign c = current(id);
    if (c.state() != state) throw new CampaignStateException(conflict(c, rule));
  }

  private Campaign current(String id) {
    return store.find(id).orElseThrow(() -> new IllegalStateException("campaign " + id + " vanished"));
  }

  private static String conflict(Campaign c, String rule) {
    return "campaign " + c.id() + " is " + c.state().key() + ": " + rule;
  }

  private <T> T locked(String id, Supplier<T> action) {
    ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
    lock.lock();
    try {
      return action.get();
    } finally {
      lock.unlock();
    }
  }
}
