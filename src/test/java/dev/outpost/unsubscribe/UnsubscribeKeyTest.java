package dev.outpost.unsubscribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsubscribeKeyTest {
  @TempDir Path dataDir;

  @Test
  void theKeyIsMadeOnceWithMode0600AndReused() throws IOException {
    byte[] first = UnsubscribeKey.loadOrCreate(dataDir);
    Path file = dataDir.resolve(UnsubscribeKey.FILE_NAME);

    assertThat(first).hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(UnsubscribeKey.loadOrCreate(dataDir)).isEqualTo(first);
    try (var files = Files.list(dataDir)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aDamagedKeyIsAnErrorNotAQuietNewKey() throws IOException {
    Files.writeString(dataDir.resolve(UnsubscribeKey.FILE_NAME), "c2hvcnQ=\n");

    assertThatThrownBy(() -> UnsubscribeKey.loadOrCreate(dataDir)).isInstanceOf(IOException.class)
        .hasMessageContaining("fewer than 32");
  }
}
