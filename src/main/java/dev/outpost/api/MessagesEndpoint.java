package dev.outpost.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outpost.accounts.Account;
import dev.outpost.accounts.AccountService;
import dev.outpost.compose.Draft;
import dev.outpost.compose.InvalidFieldException;
import dev.outpost.compose.MimeComposer;
import dev.outpost.config.AuthMode;
import dev.outpost.pipeline.Arrival;
import dev.outpost.pipeline.EnvelopeCheck;
import dev.outpost.pipeline.SubmissionPipeline;
import dev.outpost.pipeline.SubmissionResult;
import dev.outpost.policy.SessionFacts;
import dev.outpost.spool.Envelope;
import dev.outpost.spool.Recipient;
import dev.outpost.tracking.TrackedMessage;
import dev.outpost.tracking.Tracking;
import dev.outpost.tracking.TrackingOptions;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code POST /api/v1/messages}: one message, raw or built from fields, through the same policy,
 * pipeline and spool as SMTP. The answer comes after the spool commit, so a 202 is as durable as
 * SMTP's 250. Suppressed recipients are named in the answer, never silently left out.
 */
public final class MessagesEndpoint implements ApiService {
  private final ApiAuthentication auth;
  private final AccountService accounts;
  private final SubmissionPipeline pipeline;
  private final Tracking tracking;

  /** @param tracking rewrites the HTML of structured messages for open and click tracking, as the account allows */
  public MessagesEndpoint(ApiAuthentication auth, AccountService accounts, SubmissionPipeline pipeline,
      Tracking tracking) {
    this.auth = auth;
    this.accounts = accounts;
    this.pipeline = pipeline;
    this.tracking = tracking;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.post("/api/v1/messages", this::send);
  }

  @Override
  public String openApiFragment() {
    return "messages.json";
  }

  /**
   * One recipient in the answer.
   *
   * @param id the message's queue id and the recipient's position in it, for events and logs
   * @param status {@code queued}, {@code suppressed}, or {@code received} (a complaint report
   *     taken in by Outpost itself)
   * @param reason why a recipient was suppressed: the list and the entry's reason
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record RecipientView(String email, String id, String status, String reason) {}

  /**
   * @param tracking for a structured message with HTML that was queued, the tracking applied to it;
   *     null otherwise
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Sent(@JsonProperty("message_id") String messageId, String account, List<RecipientView> recipients,
      int queued, int suppressed, TrackingOptions tracking) {}

  private void send(ServerRequest req, ServerResponse res) {
    Caller caller = auth.caller(req);
    MessageRequest body = Json.read(req, MessageRequest.class);
    String account = caller.actingFor(body.account());
    requireSendingAccount(accounts, account);
    MessageRequest.Outgoing message;
    try {
      message = body.outgoing();
    } catch (InvalidFieldException e) {
      throw ApiException.badRequest(e.field(), e.getMessage());
    }
    InetAddress client = ((InetSocketAddress) req.remotePeer().address()).getAddress();
    var facts = new SessionFacts(client, false, AuthMode.REQUIRED, req.isSecure(), account);
    EnvelopeCheck.Checked checked = switch (pipeline.checkEnvelope(facts, message.sender(), message.recipients())) {
      case EnvelopeCheck.SenderRefused s -> throw ApiException.refused(s.reply(), "from");
      case EnvelopeCheck.RecipientRefused r ->
          throw ApiException.refused(r.reply(), message.recipientFields().get(r.index()));
      case EnvelopeCheck.Checked c -> c;
    };
    Map<String, String> suppressed = new HashMap<>();
    for (EnvelopeCheck.Suppressed s : checked.suppressed()) {
      suppressed.put(s.recipient(), "on the suppression list of " + s.match().scope() + ": " + s.match().reason());
    }
    if (checked.accepted().isEmpty()) {
      Json.send(res, new Sent(null, account, views(message.recipients(), null, suppressed), 0, suppressed.size(),
          null));
      return;
    }
    // The queue id is known before the message is built, so that tracking links can name it.
    String queueId = pipeline.queueIds().next();
    TrackingOptions tracked = null;
    byte[] content = message.raw();
    if (message.draft() != null) {
      Draft draft = message.draft();
      if (draft.html() != null) {
        tracked = tracking.options(account, TrackingOptions.requested(body.trackOpens(), body.trackClicks()));
        // One body reaches every recipient, so its links can name a recipient only when there is one.
        String recipient = checked.accepted().size() == 1 ? checked.accepted().getFirst() : null;
        draft = tracking.apply(draft, new TrackedMessage(queueId, recipient, account, body.campaign()), tracked);
      }
      content = MimeComposer.compose(draft);
    }
    List<Recipient> recipients = checked.accepted().stream().map(r -> Recipient.pending(r, Set.of(), null)).toList();
    var arrival = new Arrival(message.sender(), recipients, null, client, req.isSecure() ? "HTTPS" : "HTTP", null,
        message.smtpUtf8(), Arrival.bodyTypeOf(content), null, null, "http");
    SubmissionResult result = pipeline.submit(facts, queueId, arrival, content);
    switch (result) {
      case SubmissionResult.Queued q -> {
        for (String d : q.dropped()) suppressed.put(d, "on a suppression list");
        Envelope queued = q.envelope();
        Json.send(res, Status.ACCEPTED_202, new Sent(queued.queueId(), account,
            views(message.recipients(), queued, suppressed), queued.recipients().size(), suppressed.size(), tracked));
      }
      case SubmissionResult.TakenIn t ->
          Json.send(res, Status.ACCEPTED_202, new Sent(null, account, views(message.recipients(), null, suppressed), 0,
              suppressed.size(), null));
      case SubmissionResult.AllDropped d -> {
        for (String a : d.dropped()) suppressed.put(a, "on a suppression list");
        Json.send(res, new Sent(null, account, views(message.recipients(), null, suppressed), 0, suppressed.size(),
            null));
      }
      case SubmissionResult.Refused r -> throw ApiException.refused(r.reply(), null);
      case SubmissionResult.TooBig t -> throw new ApiException(Status.REQUEST_ENTITY_TOO_LARGE_413, "too_large",
          "the message is larger than smtp.max_message_size (" + t.limit() + " octets)", null);
      case SubmissionResult.StorageFull f -> throw new ApiException(Status.SERVICE_UNAVAILABLE_503, "unavailable",
          "the spool is full; try again later", null);
      case SubmissionResult.StorageFailed f -> throw new ApiException(Status.SERVICE_UNAVAILABLE_503, "unavailable",
          "the spool could not store the message; try again later (the server log has the details)", null);
    }
  }

  /**
   * Each recipient of the request, in order: queued with its id, suppressed with the reason, or,
   * when neither, taken in by Outpost itself (a report to the complaints address).
   */
  private static List<RecipientView> views(List<String> given, Envelope envelope, Map<String, String> suppressed) {
    Map<String, String> ids = new HashMap<>();
    if (envelope != null) {
      for (int i = 0; i < envelope.recipients().size(); i++) {
        ids.put(envelope.recipients().get(i).address(), envelope.queueId() + "." + i);
      }
    }
    List<RecipientView> out = new ArrayList<>(given.size());
    for (String r : given) {
      if (ids.containsKey(r)) out.add(new RecipientView(r, ids.get(r), "queued", null));
      else if (suppressed.containsKey(r)) out.add(new RecipientView(r, null, "suppressed", suppressed.get(r)));
      else out.add(new RecipientView(r, null, "received", null));
    }
    return out;
  }

  /** The account exists and may send: an admin naming an unknown one gets a 404, a disabled one a 403. */
  static Account requireSendingAccount(AccountService accounts, String name) {
    Account account = accounts.account(name).orElseThrow(() -> ApiException.notFound("no account named " + name));
    if (!account.enabled()) throw ApiException.forbidden("account " + name + " is disabled");
    return account;
  }
}
