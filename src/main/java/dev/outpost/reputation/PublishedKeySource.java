package dev.outpost.reputation;

import java.util.List;

/**
 * The DKIM keys Outpost signs a domain's mail with, and so the keys that must be published in
 * its DNS. The DKIM key store implements this; {@link DkimKeyDirectory} reads the key files
 * directly.
 */
@FunctionalInterface
public interface PublishedKeySource {

  /** The keys of {@code domain}, one per selector; empty when the domain has none. */
  List<DkimPublicKey> keysFor(String domain);
}
