package dev.outpost;

import dev.outpost.accounts.AccountAdministration;
import dev.outpost.campaigns.Campaigns;
import dev.outpost.api.AccountsEndpoint;
import dev.outpost.api.CampaignsEndpoint;
import dev.outpost.api.ApiAuthentication;
import dev.outpost.api.ApiServer;
import dev.outpost.api.ApiService;
import dev.outpost.api.EventsEndpoint;
import dev.outpost.api.HealthEndpoint;
import dev.outpost.api.MessagesEndpoint;
import dev.outpost.api.MetricsEndpoint;
import dev.outpost.api.StatsEndpoint;
import dev.outpost.api.SuppressionsEndpoint;
import dev.outpost.api.UnsubscribeEndpoint;
import dev.outpost.api.TrackingEndpoint;
import dev.outpost.api.WebhooksEndpoint;
import dev.outpost.cli.OutpostVersion;
import dev.outpost.config.ListenerConfig;
import dev.outpost.control.ControlHandler;
import dev.outpost.control.ControlServer;
import dev.outpost.control.RuntimeLiveStatus;
import dev.outpost.dkim.DkimKeyring;
import dev.outpost.events.EventLog;
import dev.outpost.config.OutpostConfig;
import dev.outpost.config.TlsMode;
import dev.outpost.metrics.OutpostMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.outpost.accounts.AccountService;
import dev.outpost.accounts.AccountSettings;
import dev.outpost.accounts.PasswordHasher;
import dev.outpost.pipeline.SubmissionPipeline;
import dev.outpost.policy.AccountAuthenticator;
import dev.outpost.policy.ContentPolicy;
import dev.outpost.policy.AccountPolicy;
import dev.outpost.policy.AuthFailureLimiter;
import dev.outpost.policy.Authenticator;
import dev.outpost.policy.RelayPolicy;
import dev.outpost.queue.QueueManager;
import dev.outpost.queue.RoutesThenMx;
import dev.outpost.shaping.SourcePools;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.stream.Stream;
import dev.outpost.reputation.BlocklistLookup;
import dev.outpost.reputation.BlocklistMonitor;
import dev.outpost.reputation.ReputationDns;
import dev.outpost.server.SmtpListeners;
import dev.outpost.spool.QueueIds;
import dev.outpost.spool.Spool;
import dev.outpost.spool.Spools;
import dev.outpost.store.SqliteStateStore;
import dev.outpost.suppression.ComplaintIntake;
import dev.outpost.suppression.ComplaintsMailboxPolicy;
import dev.outpost.suppression.SuppressionList;
import dev.outpost.suppression.SuppressionPolicy;
import dev.outpost.policy.SessionPolicy;
import dev.outpost.tls.ReloadingServerTls;
import dev.outpost.tls.ServerTls;
import dev.outpost.unsubscribe.UnsubscribeMailboxPolicy;
import dev.outpost.unsubscribe.Unsubscribes;
import dev.outpost.tracking.Tracking;
import dev.outpost.webhooks.WebhookAdministration;
import dev.outpost.webhooks.WebhookDispatcher;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running parts of one server, started in dependency order (meters, event log, webhook
 * dispatcher, spool, queue, blocklist monitor, listeners, control socket, campaigns, HTTP API) and
 * stopped in the reverse order, so that no listener or campaign ever hands a message to a closed
 * queue, no operator command reaches a queue that is shutting down, and the event log stores the
 * last events before the database closes. The webhooks stop before the event log: what it stores
 * last is delivered after the next start, from the cursors in the database.
 */
final class OutpostRuntime {
  private static final Logger LOG = LoggerFactory.getLogger(OutpostRuntime.class);

  private final OutpostConfig config;
  private final SqliteStateStore store;
  private final EventLog events;
  private final WebhookDispatcher webhooks;
  private final AccountService accounts;
  private final Spool spool;
  private final QueueManager queue;
  private final BlocklistMonitor blocklists;
  private final SmtpListeners listeners;
  private final ControlServer control;
  private final Campaigns campaigns;
  private final ApiServer http;
  /** Set once everything has started, cleared as soon as shutdown begins: what {@code /readyz} says. */
  private final AtomicBoolean ready;
  private final PrometheusMeterRegistry registry;
  private final OutpostMetrics metrics;

  private OutpostRuntime(OutpostConfig config, SqliteStateStore store, EventLog events, WebhookDispatcher webhooks,
      AccountService accounts, Spool spool, QueueManager queue, BlocklistMonitor blocklists, SmtpListeners listeners,
      ControlServer control, Campaigns campaigns, ApiServer http, AtomicBoolean ready,
      PrometheusMeterRegistry registry, OutpostMetrics metrics) {
    this.config = config;
    this.registry = registry;
    this.metrics = metrics;
    this.store = store;
    this.events = events;
    this.webhooks = webhooks;
    this.accounts = accounts;
    this.spool = spool;
    this.queue = queue;
    this.blocklists = blocklists;
    this.listeners = listeners;
    this.control = control;
    this.campaigns = campaigns;
    this.http = http;
    this.ready = ready;
  }

  /**
   * With no {@code authenticator} from the embedding application, AUTH checks Outpost's own
   * accounts. Either way the per-address failure limit sits in front of it.
   */
  static OutpostRuntime start(OutpostConfig config, Clock clock, Authenticator authenticator) throws IOException {
    Files.createDirectories(config.server().dataDir());
    SqliteStateStore store = SqliteStateStore.open(config.server().dataDir());
    var registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    OutpostMetrics metrics = OutpostMetrics.withJvmMeters(registry, clock);
    EventLog events = EventLog.start(store.events(), clock, config.events().retention(), config.events().enabled());
    WebhookDispatcher webhooks = null;
    AccountService accounts = null;
    Spool spool = null;
    QueueManager queue = null;
    BlocklistMonitor blocklists = null;
    SmtpListeners listeners = null;
    ControlServer control = null;
    Campaigns campaigns = null;
    try {
      webhooks = WebhookDispatcher.start(store.webhooks(), store.events(), config.webhooks(),
          config.events().retention(), clock, "Outpost/" + OutpostVersion.version());
      events.onStored(webhooks::eventsStored);
      metrics.watchWebhooks(webhooks);
      accounts = new AccountService(store, PasswordHasher.production(), AccountSettings.defaults(), clock);
      spool = Spools.open(config.spool(), config.server().dataDir(), metrics);
      List<InetAddress> watched = Stream.concat(config.reputation().sendingIps().stream(),
          SourcePools.addresses(config.pools()).stream()).distinct().toList();
      blocklists = new BlocklistMonitor(config.reputation(), watched, BlocklistMonitor.sendingDomains(store),
          new BlocklistLookup(new ReputationDns(config.dns())), store, clock);
      RoutesThenMx routing = RoutesThenMx.of(config, clock, blocklists::listed);
      var suppressions = new SuppressionList(store, clock, config.suppression().cacheTtl());
      queue = new QueueManager(config, spool, clock, routing, suppressions::suppressHardBounce, events, metrics);
      metrics.watchQueue(queue.administration());
      if (routing.shaper() != null) metrics.watchShaping(routing.shaper());
      metrics.watchBlocklists(blocklists);
      // Delivery starts with the first due envelope read, and listeners open while the rest are read.
      queue.start();
      queue.recoverInBackground();
      // Watching starts once there are addresses of ours to watch: sending_ips or pool addresses.
      if (!watched.isEmpty()) blocklists.start();
      Supplier<ServerTls> tls = needsTls(config) ? ReloadingServerTls.create(config.tls(), config.server(), clock) : null;
      SessionPolicy policy = new AccountPolicy(new RelayPolicy(config.relay(), config.server().hostname()), accounts,
          config.senders().fromMismatch());
      if (config.suppression().enabled()) {
        policy = new SuppressionPolicy(policy, suppressions, config.suppression().action(), events, clock);
      }
      Unsubscribes unsubscribes = Unsubscribes.open(config, store, accounts, suppressions, events, clock);
      policy = new UnsubscribeMailboxPolicy(policy, unsubscribes.mailto());
      ComplaintIntake complaints = config.suppression().complaintsAddress() == null ? null
          : new ComplaintIntake(config.suppression().complaintsAddress(), suppressions,
              unsubscribes.addresses()::complainant, clock, events);
      if (complaints != null) policy = new ComplaintsMailboxPolicy(policy, complaints);
      Authenticator checked = authenticator != null ? authenticator : new AccountAuthenticator(accounts);
      AuthFailureLimiter limited = new AuthFailureLimiter(checked, config.abuse().authFailuresPerIp(),
          config.abuse().authFailureWindow(), config.abuse().authBlock(), clock);
      DkimKeyring dkim = DkimKeyring.open(config.server().dataDir(), clock);
      if (dkim.domainCount() > 0) LOG.info("DKIM signing for {} domain(s)", dkim.domainCount());
      var pipeline = new SubmissionPipeline(policy, ContentPolicy.of(config.reputation(), config.dns()), complaints,
          unsubscribes.mailto(), unsubscribes.headers(), dkim, spool, new QueueIds(), queue::enqueue, events,
          config.server().hostname(), config.smtp().maxMessageSize(), clock);
      listeners = SmtpListeners.bind(config, pipeline, tls, limited, clock, metrics);
      listeners.start();
      var live = new RuntimeLiveStatus(listeners, limited, accounts, routing.shaper(), blocklists, metrics, clock);
      control = ControlServer.start(config.server().dataDir(),
          new ControlHandler(queue.administration(), live));
      Tracking tracking = Tracking.open(config.http(), config.server().dataDir(), store::tracking);
      campaigns = new Campaigns(store.campaigns(), pipeline, tracking, queue::administration, clock);
      campaigns.start();
      AtomicBoolean ready = new AtomicBoolean();
      ApiServer http = null;
      if (config.http().enabled()) {
        ApiAuthentication auth = new ApiAuthentication(accounts);
        List<ApiService> services = List.of(
            new HealthEndpoint(ready::get),
            new MetricsEndpoint(registry, auth, config.relay()::isTrusted),
            new AccountsEndpoint(auth, accounts,
                new AccountAdministration(store, PasswordHasher.production(), new SecureRandom(), clock)),
            new MessagesEndpoint(auth, accounts, pipeline, tracking),
            new CampaignsEndpoint(auth, accounts, policy, campaigns, events, clock),
            new EventsEndpoint(auth, events),
            new StatsEndpoint(auth, events, clock),
            new UnsubscribeEndpoint(unsubscribes.addresses(), unsubscribes.optOuts()),
            new SuppressionsEndpoint(auth, accounts, store, suppressions, clock),
            new TrackingEndpoint(tracking.tokens(), events, clock),
            new WebhooksEndpoint(auth, new WebhookAdministration(store.webhooks(), webhooks, clock)));
        http = ApiServer.start(config.http(), config.http().tls() && tls != null ? tls.get().context() : null,
            OutpostVersion.version(), services);
      }
      ready.set(true);
      return new OutpostRuntime(config, store, events, webhooks, accounts, spool, queue, blocklists, listeners,
          control, campaigns, http, ready, registry, metrics);
    } catch (IOException | RuntimeException e) {
      if (campaigns != null) campaigns.close();
      if (control != null) control.close();
      if (listeners != null) listeners.stop(Duration.ZERO);
      if (blocklists != null) blocklists.close();
      if (queue != null) queue.close();
      if (spool != null) spool.close();
      if (accounts != null) accounts.close();
      if (webhooks != null) webhooks.close();
      events.close();
      store.close();
      metrics.close();
      throw e;
    }
  }

  private static boolean needsTls(OutpostConfig config) {
    return config.http().enabled() && config.http().tls()
        || config.listeners().stream().map(ListenerConfig::tls).anyMatch(t -> t != TlsMode.NONE);
  }

  void stop() {
    LOG.info("shutting down: no new connections; waiting up to {} for sessions in progress",
        config.server().shutdownGrace());
    ready.set(false);
    if (http != null) http.close();
    // Runs stop with their campaigns still sending, so that the next start resumes them.
    campaigns.close();
    control.close();
    listeners.stop(config.server().shutdownGrace());
    blocklists.close();
    queue.close();
    try {
      spool.close();
    } catch (IOException e) {
      LOG.error("closing the spool failed", e);
    }
    accounts.close();
    webhooks.close();
    events.close();
    store.close();
    metrics.close();
    LOG.info("stopped");
  }

  PrometheusMeterRegistry meterRegistry() {
    return registry;
  }

  EventLog events() {
    return events;
  }

  WebhookDispatcher webhooks() {
    return webhooks;
  }

  /** Where the HTTP API listens, or null when {@code [http] enabled = false}. */
  InetSocketAddress httpAddress() {
    return http == null ? null : http.address();
  }

  Map<String, InetSocketAddress> listenerAddresses() {
    return listeners.addresses();
  }
}
