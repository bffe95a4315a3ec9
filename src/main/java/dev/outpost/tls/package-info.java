/**
 * Server-side TLS: the certificate and the {@link javax.net.ssl.SSLContext} that listeners use for
 * STARTTLS and implicit TLS.
 *
 * <p>In: the {@code [tls]} and {@code [server]} config. Out: {@link dev.outpost.tls.ServerTls},
 * whose {@code upgrade(Socket)} turns an accepted connection into a TLS 1.2/1.3 server socket. The
 * only files written are the self-signed certificate and key under {@code <data_dir>/tls}; no
 * queue state is touched.
 */
package dev.outpost.tls;
