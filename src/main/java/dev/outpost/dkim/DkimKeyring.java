package dev.outpost.dkim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The active signing keys of a running server, by domain. Keys are read at start and kept; the
 * key directory is looked at again at most once per {@link #RECHECK} (a listing and a few file
 * times), and read again only when that shows a change, so {@code outpost dkim generate},
 * {@code activate} and {@code remove} take effect within seconds without a restart. A directory
 * that cannot be read keeps the keys already loaded, because a half-done change by hand must not
 * stop signing.
 */
public final class DkimKeyring {
  static final Duration RECHECK = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(DkimKeyring.class);

  private final DkimKeyStore store;
  private final Clock clock;
  private final AtomicLong nextCheck = new AtomicLong();
  private volatile Map<String, List<DkimSigner>> signers = Map.of();
  private volatile String loadedFingerprint = "";

  private DkimKeyring(DkimKeyStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Loads the keys under {@code <dataDir>/dkim}; a key that cannot be read stops the start. */
  public static DkimKeyring open(Path dataDir, Clock clock) throws IOException {
    DkimKeyring ring = new DkimKeyring(new DkimKeyStore(dataDir), clock);
    ring.loadedFingerprint = ring.fingerprint();
    ring.signers = load(ring.store);
    ring.nextCheck.set(clock.millis() + RECHECK.toMillis());
    return ring;
  }

  /**
   * Begins signing a message whose first From address is {@code fromAddress}; null when its
   * domain has no active key, which costs a map lookup.
   */
  public PendingSignature begin(String fromAddress) {
    reloadIfDue();
    int at = fromAddress.lastIndexOf('@');
    if (at < 0) return null;
    String domain = KeyNames.lookupKey(fromAddress.substring(at + 1));
    List<DkimSigner> found = domain == null ? null : signers.get(domain);
    return found == null ? null : new PendingSignature(found);
  }

  /** The domains that sign, for the log line at start. */
  public int domainCount() {
    return signers.size();
  }

  private void reloadIfDue() {
    long now = clock.millis();
    long due = nextCheck.get();
    // One thread does the check; the others sign with the keys they have meanwhile.
    if (now < due || !nextCheck.compareAndSet(due, now + RECHECK.toMillis())) return;
    try {
      String current = fingerprint();
      if (current.equals(loadedFingerprint)) return;
      signers = load(store);
      loadedFingerprint = current;
      LOG.info("DKIM keys reloaded: {} signing domain(s)", signers.size());
    } catch (IOException | RuntimeException e) {
      LOG.warn("DKIM keys not reloaded, signing with the previous ones: {}", e.getMessage());
    }
  }

  private static Map<String, List<DkimSigner>> load(DkimKeyStore store) throws IOException {
    return store.activeKeys().entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getKey,
        e -> e.getValue().stream().map(DkimSigner::new).toList()));
  }

  /** Names, sizes and modification times of every file in the key directory. */
  private String fingerprint() throws IOException {
    Path root = store.root();
    if (!Files.isDirectory(root)) return "";
    try (Stream<Path> files = Files.walk(root, 2)) {
      return files.filter(Files::isRegularFile).sorted().map(p -> {
        try {
          return root.relativize(p) + ":" + Files.size(p) + ":" + Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
          return root.relativize(p) + ":gone";
        }
      }).collect(Collectors.joining("\n"));
    }
  }
}
