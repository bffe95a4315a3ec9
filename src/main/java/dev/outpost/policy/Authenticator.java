package dev.outpost.policy;

import dev.outpost.smtp.AuthOutcome;
import dev.outpost.smtp.Credentials;
import java.net.InetAddress;

/**
 * Checks SMTP AUTH credentials. It may block (a password hash costs tens of milliseconds and the
 * store may be on disk), so the connection's own virtual thread calls it, never the session.
 */
@FunctionalInterface
public interface Authenticator {
  AuthOutcome authenticate(Credentials credentials, InetAddress client);
}
