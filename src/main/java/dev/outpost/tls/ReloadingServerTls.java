package dev.outpost.tls;

import dev.outpost.config.ServerConfig;
import dev.outpost.config.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's TLS, picking up a replaced certificate or key file without a restart, as
 * certificate renewal tools (certbot, acme.sh) expect. The files' modification times are looked
 * at no more than every {@link #CHECK_EVERY}, so a connection costs no file system call. A new
 * pair that does not load (half written, or key and certificate not matching yet) is ignored
 * with a warning, and the one in use stays.
 */
public final class ReloadingServerTls implements Supplier<ServerTls> {
  static final Duration CHECK_EVERY = Duration.ofSeconds(5);
  private static final Logger LOG = LoggerFactory.getLogger(ReloadingServerTls.class);

  private final Path certificate;
  private final Path key;
  private final Clock clock;
  private volatile ServerTls current;
  private volatile Instant nextCheck;
  private FileTime certificateTime;
  private FileTime keyTime;

  private ReloadingServerTls(Path certificate, Path key, Clock clock) throws IOException {
    this.certificate = certificate;
    this.key = key;
    this.clock = clock;
    this.certificateTime = Files.getLastModifiedTime(certificate);
    this.keyTime = Files.getLastModifiedTime(key);
    this.current = ServerTls.fromPem(certificate, key);
    this.nextCheck = clock.instant().plus(CHECK_EVERY);
  }

  /** PEM files from {@code [tls]} are watched; the self-signed certificate is fixed. */
  public static Supplier<ServerTls> create(TlsConfig tls, ServerConfig server, Clock clock) throws IOException {
    if (tls.isSelfSigned()) {
      ServerTls fixed = ServerTls.selfSigned(server.dataDir(), server.hostname(), clock);
      return () -> fixed;
    }
    return new ReloadingServerTls(tls.certificate(), tls.privateKey(), clock);
  }

  @Override
  public ServerTls get() {
    if (clock.instant().isAfter(nextCheck)) reloadIfChanged();
    return current;
  }

  private synchronized void reloadIfChanged() {
    Instant now = clock.instant();
    if (!now.isAfter(nextCheck)) return;
    nextCheck = now.plus(CHECK_EVERY);
    try {
      FileTime c = Files.getLastModifiedTime(certificate);
      FileTime k = Files.getLastModifiedTime(key);
      if (c.equals(certificateTime) && k.equals(keyTime)) return;
      ServerTls loaded = ServerTls.fromPem(certificate, key);
      current = loaded;
      certificateTime = c;
      keyTime = k;
      LOG.info("TLS certificate reloaded from {}: {}", certificate, loaded.certificate().getSubjectX500Principal());
    } catch (IOException e) {
      LOG.warn("TLS certificate in {} changed but does not load; keeping the previous one: {}", certificate,
          e.getMessage());
    }
  }
}
