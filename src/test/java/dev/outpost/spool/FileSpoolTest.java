package dev.outpost.spool;

import java.io.IOException;
import java.nio.file.Path;

class FileSpoolTest extends SpoolContractTest {
  @Override
  Spool open(Path dir) throws IOException {
    return FileSpool.open(dir);
  }
}
