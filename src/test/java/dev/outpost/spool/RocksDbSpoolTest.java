package dev.outpost.spool;

import java.io.IOException;
import java.nio.file.Path;

class RocksDbSpoolTest extends SpoolContractTest {
  @Override
  Spool open(Path dir) throws IOException {
    return RocksDbSpool.open(dir);
  }
}
