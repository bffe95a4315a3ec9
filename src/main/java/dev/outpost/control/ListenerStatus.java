package dev.outpost.control;

import dev.outpost.config.TlsMode;
import java.net.InetSocketAddress;

/**
 * One listener's figures since the server started, as {@code outpost status} shows them.
 *
 * @param open connections open now
 * @param connections connections accepted, including those then refused
 * @param refused connections refused by a connection limit or the shutdown
 * @param accepted messages committed to the spool
 * @param rejected messages refused after their data (4xx or 5xx)
 * @param tlsFailed TLS handshakes that failed; with {@code tlsSucceeded}, 0 without TLS
 */
public record ListenerStatus(String name, InetSocketAddress address, TlsMode tls, int open, long connections,
    long sessions, long refused, long accepted, long rejected, long tlsSucceeded, long tlsFailed) {}
