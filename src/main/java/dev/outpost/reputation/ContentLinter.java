package dev.outpost.reputation;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * "Is this letter clean?": the content checks of {@code outpost lint FILE.eml}, each finding
 * scored and explained. The same object serves the at-queue content policy: it is thread-safe
 * and keeps no state between messages.
 *
 * <p>In: a message as on the wire (RFC 5322, any MIME structure, broken or not). Out: a
 * {@link LintReport}. Link domains are looked up on the URI blocklists, so a lint makes DNS
 * queries; everything else is local.
 */
public final class ContentLinter {
  private final LinkRules links;

  /** @param uriblZones URI blocklists for link domains, {@code [reputation] uribl_zones}; empty checks none */
  public ContentLinter(BlocklistLookup lookup, List<String> uriblZones) {
    this.links = new LinkRules(lookup, uriblZones);
  }

  /** Lints the message read from {@code message} to its end; the stream is not closed. */
  public LintReport lint(InputStream message) throws IOException {
    LintedMessage m = MimeReader.read(message);
    List<LintFinding> findings = new ArrayList<>();
    HeaderRules.check(m, findings);
    BodyRules.check(m, findings);
    links.check(m, findings);
    return new LintReport(findings);
  }
}
