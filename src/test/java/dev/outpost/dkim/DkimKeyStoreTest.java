package dev.outpost.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DkimKeyStoreTest {
  @TempDir Path dataDir;

  @Test
  void keysAreStoredAsPrivatePkcs8PemAndTheFirstOneSigns() throws Exception {
    DkimKeyStore store = new DkimKeyStore(dataDir);

    KeyEntry entry = store.generate("Shop.Example", "S1", DkimAlgorithm.RSA, 2048);

    Path file = dataDir.resolve("dkim/shop.example/s1.key");
    assertThat(Files.readString(file)).startsWith("-----BEGIN PRIVATE KEY-----\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(entry.active()).isTrue();
    assertThat(entry.key().zoneFileLine()).startsWith("s1._domainkey.shop.example. IN TXT \"v=DKIM1; k=rsa; p=MIIBIjAN");
    assertThat(store.list(null)).containsExactly(entry);
  }

  @Test
  void theTxtRecordIsSplitIntoStringsOf255() throws Exception {
    DkimKey key = new DkimKeyStore(dataDir).generate("shop.example", "s1", DkimAlgorithm.RSA, 2048).key();

    String line = key.zoneFileLine();
    String strings = line.substring(line.indexOf("TXT ") + 4);
    assertThat(strings.split("\" \"")).hasSize(2);
    assertThat(strings.split("\" \"")[0]).hasSize(256);
    assertThat(strings.replace("\" \"", "").replace("\"", "")).isEqualTo(key.recordText());
  }

  @Test
  void rotationPublishesTheNewSelectorBeforeItSignsAndKeepsTheOldOne() throws Exception {
    DkimKeyStore store = new DkimKeyStore(dataDir);
    store.generate("shop.example", "old", DkimAlgorithm.RSA, 2048);
    store.generate("shop.example", "ed", DkimAlgorithm.ED25519, 0);

    assertThat(store.generate("shop.example", "new", DkimAlgorithm.RSA, 2048).active()).isFalse();
    assertThat(store.activeKeys().get("shop.example")).extracting(DkimKey::selector).containsExactly("old", "ed");

    store.activate("shop.example", "new");
    assertThat(store.activeKeys().get("shop.example")).extracting(DkimKey::selector).containsExactly("new", "ed");
    assertThat(store.list("shop.example")).extracting(e -> e.key().selector() + "=" + e.active())
        .containsExactly("ed=true", "new=true", "old=false");

    store.remove("shop.example", "old", false);
    assertThat(store.list("shop.example")).hasSize(2);
  }

  @Test
  void theSigningKeyIsRemovedOnlyWithForce() throws Exception {
    DkimKeyStore store = new DkimKeyStore(dataDir);
    store.generate("shop.example", "s1", DkimAlgorithm.ED25519, 0);

    assertThatThrownBy(() -> store.remove("shop.example", "s1", false)).isInstanceOf(DkimKeyException.class)
        .hasMessageContaining("--force");
    store.remove("shop.example", "s1", true);
    assertThat(store.activeKeys()).isEmpty();
  }

  @Test
  void badNamesAndDuplicatesAreRefused() throws Exception {
    DkimKeyStore store = new DkimKeyStore(dataDir);
    store.generate("shop.example", "s1", DkimAlgorithm.ED25519, 0);

    assertThatThrownBy(() -> store.generate("shop.example", "s1", DkimAlgorithm.RSA, 2048))
        .isInstanceOf(DkimKeyException.class).hasMessageContaining("exists already");
    assertThatThrownBy(() -> store.generate("../etc", "s1", DkimAlgorithm.RSA, 2048))
        .isInstanceOf(DkimKeyException.class);
    assertThatThrownBy(() -> store.generate("shop.example", "a/b", DkimAlgorithm.RSA, 2048))
        .isInstanceOf(DkimKeyException.class);
    assertThatThrownBy(() -> store.activate("shop.example", "nope")).isInstanceOf(DkimKeyException.class);
    assertThatThrownBy(() -> store.generate("shop.example", "s2", DkimAlgorithm.RSA, 512))
        .isInstanceOf(DkimKeyException.class);
  }

  @Test
  void aRunningKeyringPicksUpChangesAfterTheRecheckInterval() throws Exception {
    AtomicLong millis = new AtomicLong(1_000_000);
    Clock clock = new Clock() {
      @Override public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
      }
    };
    DkimKeyring ring = DkimKeyring.open(dataDir, clock);
    assertThat(ring.begin("news@shop.example")).isNull();

    new DkimKeyStore(dataDir).generate("shop.example", "s1", DkimAlgorithm.ED25519, 0);
    assertThat(ring.begin("news@shop.example")).isNull();

    millis.addAndGet(DkimKeyring.RECHECK.toMillis());
    assertThat(ring.begin("news@SHOP.example")).isNotNull();
    assertThat(ring.begin("someone@other.example")).isNull();
  }
}
