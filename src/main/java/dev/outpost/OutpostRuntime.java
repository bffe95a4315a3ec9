package dev.outpost;

import dev.outpost.config.OutpostConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Map;

/** The running parts of one server; wired together in the server integration. */
final class OutpostRuntime {
  static OutpostRuntime start(OutpostConfig config, Clock clock) throws IOException {
    throw new IOException("the server is not wired yet");
  }

  void stop() {}

  Map<String, InetSocketAddress> listenerAddresses() {
    return Map.of();
  }
}
