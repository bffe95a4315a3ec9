package dev.outpost.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outpost.config.ServerConfig;
import dev.outpost.config.TlsConfig;
import dev.outpost.testkit.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A renewed certificate file is picked up without a restart; a broken one is not. */
class ReloadingServerTlsTest {

  @Test
  void replacedFilesAreLoadedAtTheNextCheck(@TempDir Path dir) throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-26T00:00:00Z"));
    SelfSignedCertificate.loadOrCreate(dir.resolve("one"), "one.test", clock);
    SelfSignedCertificate.loadOrCreate(dir.resolve("two"), "two.test", clock);
    Path cert = dir.resolve("server.crt");
    Path key = dir.resolve("server.key");
    install(dir.resolve("one"), cert, key, 1);

    Supplier<ServerTls> tls = ReloadingServerTls.create(new TlsConfig(cert, key),
        ServerConfig.defaults().withDataDir(dir.resolve("data")), clock);
    assertThat(tls.get().certificate().getSubjectX500Principal().getName()).contains("one.test");

    install(dir.resolve("two"), cert, key, 2);
    assertThat(tls.get().certificate().getSubjectX500Principal().getName()).as("not before the next check")
        .contains("one.test");
    clock.advance(ReloadingServerTls.CHECK_EVERY.plusSeconds(1));
    assertThat(tls.get().certificate().getSubjectX500Principal().getName()).contains("two.test");

    Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nhalf written");
    Files.setLastModifiedTime(cert, FileTime.from(Instant.parse("2026-01-03T00:00:00Z")));
    clock.advance(ReloadingServerTls.CHECK_EVERY.plusSeconds(1));
    assertThat(tls.get().certificate().getSubjectX500Principal().getName()).as("a broken file is ignored")
        .contains("two.test");
  }

  private static void install(Path from, Path cert, Path key, int day) throws Exception {
    Path dir = SelfSignedCertificate.directory(from);
    Files.copy(dir.resolve(SelfSignedCertificate.CERTIFICATE_FILE), cert, StandardCopyOption.REPLACE_EXISTING);
    Files.copy(dir.resolve(SelfSignedCertificate.KEY_FILE), key, StandardCopyOption.REPLACE_EXISTING);
    FileTime time = FileTime.from(Instant.parse("2026-01-0" + day + "T00:00:00Z"));
    Files.setLastModifiedTime(cert, time);
    Files.setLastModifiedTime(key, time);
  }
}
