package dev.outpost.unsubscribe;

import dev.outpost.accounts.AccountService;
import dev.outpost.config.OutpostConfig;
import dev.outpost.events.EventSink;
import dev.outpost.store.StateStore;
import dev.outpost.suppression.SuppressionList;
import java.io.IOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The unsubscribe parts of one server, made from its configuration and data directory: the header
 * step for the SMTP side, the mailto intake, and what the one-click endpoint needs.
 */
public record Unsubscribes(UnsubscribeAddresses addresses, UnsubscribeHeaders headers, MailtoUnsubscribe mailto,
    OptOuts optOuts) {
  private static final Logger LOG = LoggerFactory.getLogger(Unsubscribes.class);

  /** Reads the signing key, making it on first start. */
  public static Unsubscribes open(OutpostConfig config, StateStore store, AccountService accounts,
      SuppressionList suppressions, EventSink events, Clock clock) throws IOException {
    var tokens = new UnsubscribeTokens(UnsubscribeKey.loadOrCreate(config.server().dataDir()));
    String linkBase = config.http().enabled() ? config.http().linkBase() : null;
    var addresses = new UnsubscribeAddresses(tokens, new MailboxRegistry(store, tokens, clock),
        config.server().hostname(), linkBase);
    if (!addresses.oneClickIsHttps()) {
      // Gmail and Yahoo require one-click unsubscribe of bulk senders, which only an HTTPS URL offers.
      LOG.warn("unsubscribe links are {}: mail gets no one-click unsubscribe (List-Unsubscribe-Post);"
          + " set [http] public_url to the https:// address recipients reach this server at",
          linkBase == null ? "off because [http] is disabled" : "not HTTPS (" + linkBase + ")");
    }
    var optOuts = new OptOuts(suppressions, events, clock);
    return new Unsubscribes(addresses, new UnsubscribeHeaders(accounts::account, addresses),
        new MailtoUnsubscribe(addresses, optOuts), optOuts);
  }
}
