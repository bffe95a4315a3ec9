package dev.outpost.dkim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The DKIM keys under {@code <data_dir>/dkim}:
 * <pre>
 * dkim/DOMAIN/SELECTOR.key   private key, PKCS#8 PEM, mode 0600
 * dkim/DOMAIN/active         one line per algorithm: "rsa SELECTOR", "ed25519 SELECTOR"
 * </pre>
 * Every file is written beside its final name and renamed into place, so a server reading the
 * directory while a command changes it sees the old state or the new one, never half a file.
 *
 * <p>Rotation with two selectors: a new key is generated inactive when its domain already signs
 * with that algorithm, so its record can be published and reach resolvers' caches first; then it
 * is activated, and the old key stays (verifiers may still fetch it for mail in transit) until it
 * is removed.
 */
public final class DkimKeyStore {
  private static final String ACTIVE = "active";
  private static final String KEY_SUFFIX = ".key";

  private final Path root;

  public DkimKeyStore(Path dataDir) {
    this.root = dataDir.resolve("dkim");
  }

  Path root() {
    return root;
  }

  /** A new key; it signs at once only if its domain had no active key of this algorithm. */
  public KeyEntry generate(String domain, String selector, DkimAlgorithm algorithm, int bits) throws IOException {
    String d = KeyNames.domain(domain);
    String s = KeyNames.selector(selector);
    Path dir = root.resolve(d);
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path file = dir.resolve(s + KEY_SUFFIX);
    if (Files.exists(file)) {
      throw new DkimKeyException("selector " + s + " of " + d + " exists already; choose another selector");
    }
    var key = KeyMaterial.generate(algorithm, bits);
    writeAtomically(file, KeyMaterial.toPem(key), false);
    Map<DkimAlgorithm, String> active = readActive(dir);
    boolean activate = !active.containsKey(algorithm);
    if (activate) {
      active.put(algorithm, s);
      writeActive(dir, active);
    }
    try {
      return new KeyEntry(new DkimKey(d, s, algorithm, key, KeyMaterial.publicKey(algorithm, key)), activate);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("a key just generated has no public key", e);
    }
  }

  /** The keys of one domain, or of all domains when {@code domain} is null, by domain and selector. */
  public List<KeyEntry> list(String domain) throws IOException {
    List<KeyEntry> entries = new ArrayList<>();
    for (String d : domain == null ? domains() : List.of(KeyNames.domain(domain))) {
      Path dir = root.resolve(d);
      Map<DkimAlgorithm, String> active = readActive(dir);
      for (String s : selectors(dir)) {
        DkimKey key = load(d, s);
        entries.add(new KeyEntry(key, s.equals(active.get(key.algorithm()))));
      }
    }
    return entries;
  }

  /** Makes a stored key the one that signs for its algorithm; the key it replaces is kept. */
  public DkimKey activate(String domain, String selector) throws IOException {
    String d = KeyNames.domain(domain);
    DkimKey key = load(d, existing(d, selector));
    Path dir = root.resolve(d);
    Map<DkimAlgorithm, String> active = readActive(dir);
    active.put(key.algorithm(), key.selector());
    writeActive(dir, active);
    return key;
  }

  /**
   * Deletes a key. The active key is deleted only with {@code force}, which stops signing with
   * its algorithm: mail from the domain would otherwise lose its signature by accident.
   */
  public DkimKey remove(String domain, String selector, boolean force) throws IOException {
    String d = KeyNames.domain(domain);
    DkimKey key = load(d, existing(d, selector));
    Path dir = root.resolve(d);
    Map<DkimAlgorithm, String> active = readActive(dir);
    if (key.selector().equals(active.get(key.algorithm()))) {
      if (!force) {
        throw new DkimKeyException("selector " + key.selector() + " signs " + key.algorithm().keyType()
            + " mail of " + d + "; activate another selector first, or use --force to stop signing");
      }
      active.remove(key.algorithm());
      writeActive(dir, active);
    }
    Files.delete(dir.resolve(key.selector() + KEY_SUFFIX));
    return key;
  }

  /** The active keys by domain, RSA before Ed25519. A key file that cannot be read is reported, not skipped. */
  Map<String, List<DkimKey>> activeKeys() throws IOException {
    Map<String, List<DkimKey>> keys = new LinkedHashMap<>();
    for (String d : domains()) {
      List<DkimKey> signing = new ArrayList<>();
      for (var e : readActive(root.resolve(d)).entrySet()) {
        DkimKey key = load(d, e.getValue());
        if (key.algorithm() != e.getKey()) {
          throw new IOException(root.resolve(d).resolve(ACTIVE) + ": " + e.getValue() + " is a "
              + key.algorithm().keyType() + " key, listed as " + e.getKey().keyType());
        }
        signing.add(key);
      }
      if (!signing.isEmpty()) keys.put(d, List.copyOf(signing));
    }
    return keys;
  }

  private String existing(String domain, String selector) {
    String s = KeyNames.selector(selector);
    if (!Files.exists(root.resolve(domain).resolve(s + KEY_SUFFIX))) {
      throw new DkimKeyException("no DKIM key with selector " + s + " for " + domain
          + " (see: outpost dkim list " + domain + ")");
    }
    return s;
  }

  private DkimKey load(String domain, String selector) throws IOException {
    Path file = root.resolve(domain).resolve(selector + KEY_SUFFIX);
    try {
      KeyMaterial.Loaded loaded = KeyMaterial.fromPem(Files.readString(file, StandardCharsets.US_ASCII));
      return new DkimKey(domain, selector, loaded.algorithm(), loaded.privateKey(), loaded.publicKey());
    } catch (GeneralSecurityException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  private List<String> domains() throws IOException {
    if (!Files.isDirectory(root)) return List.of();
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static List<String> selectors(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(KEY_SUFFIX))
          .map(n -> n.substring(0, n.length() - KEY_SUFFIX.length())).sorted(Comparator.naturalOrder()).toList();
    } catch (NoSuchFileException e) {
      return List.of();
    }
  }

  private static Map<DkimAlgorithm, String> readActive(Path dir) throws IOException {
    Map<DkimAlgorithm, String> active = new EnumMap<>(DkimAlgorithm.class);
    List<String> lines;
    try {
      lines = Files.readAllLines(dir.resolve(ACTIVE), StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      return active;
    }
    for (String line : lines) {
      String[] parts = line.trim().split("\\s+");
      if (parts.length != 2) continue;
      try {
        active.put(DkimAlgorithm.named(parts[0]), parts[1]);
      } catch (DkimKeyException e) {
        throw new IOException(dir.resolve(ACTIVE) + ": " + e.getMessage(), e);
      }
    }
    return active;
  }

  private static void writeActive(Path dir, Map<DkimAlgorithm, String> active) throws IOException {
    StringBuilder text = new StringBuilder();
    active.forEach((algorithm, selector) -> text.append(algorithm.keyType()).append(' ').append(selector).append('\n'));
    writeAtomically(dir.resolve(ACTIVE), text.toString(), true);
  }

  private static void writeAtomically(Path file, String text, boolean replace) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".tmp-", "",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Files.writeString(tmp, text, StandardCharsets.US_ASCII);
      if (replace) {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        // A link never replaces an existing name, so two commands cannot both create one selector.
        Files.createLink(file, tmp);
      }
    } catch (FileAlreadyExistsException e) {
      throw new DkimKeyException("selector file " + file.getFileName() + " appeared meanwhile; choose another selector");
    } catch (AtomicMoveNotSupportedException e) {
      throw new UncheckedIOException("the key directory's file system cannot rename atomically", e);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
