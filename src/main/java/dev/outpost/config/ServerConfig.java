package dev.outpost.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code [server]}: identity, data directory and global connection limits.
 *
 * @param hostname EHLO name and the name in Received headers
 * @param dataDir spool and embedded state
 * @param maxConnections connections across all listeners before new ones get 421 4.7.0
 * @param maxConnectionsPerIp connections from one client address before new ones get 421 4.7.0
 * @param shutdownGrace how long SIGTERM waits for sessions in progress before closing them
 */
public record ServerConfig(
    String hostname, Path dataDir, int maxConnections, int maxConnectionsPerIp, Duration shutdownGrace) {

  public static ServerConfig defaults() {
    return new ServerConfig(
        DefaultHostname.get(), Path.of("outpost-data"), 2000, 100, Duration.ofSeconds(30));
  }

  public ServerConfig withDataDir(Path dir) {
    return new ServerConfig(hostname, dir, maxConnections, maxConnectionsPerIp, shutdownGrace);
  }

  public ServerConfig withHostname(String name) {
    return new ServerConfig(name, dataDir, maxConnections, maxConnectionsPerIp, shutdownGrace);
  }

  public ServerConfig withConnectionLimits(int total, int perIp) {
    return new ServerConfig(hostname, dataDir, total, perIp, shutdownGrace);
  }
}
