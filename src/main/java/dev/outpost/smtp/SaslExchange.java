package dev.outpost.smtp;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The server side of SASL PLAIN (RFC 4616) and LOGIN, as carried by SMTP AUTH (RFC 4954). Pure:
 * each client line goes in, and out comes a challenge to send, the credentials to check, or the
 * refusal that ends the exchange.
 */
final class SaslExchange {
  private static final String USERNAME_PROMPT = "VXNlcm5hbWU6";
  private static final String PASSWORD_PROMPT = "UGFzc3dvcmQ6";
  private static final int MAX_FIELD = 255;

  /** One step of the exchange. */
  sealed interface Result {
    record Challenge(String base64) implements Result {}

    record Done(Credentials credentials) implements Result {}

    record Failed(Reply reply) implements Result {}
  }

  private enum Mechanism { PLAIN, LOGIN }

  private final Mechanism mechanism;
  private String username;

  private SaslExchange(Mechanism mechanism) {
    this.mechanism = mechanism;
  }

  /** Supported mechanisms as EHLO lists them. */
  static final String ADVERTISED = "AUTH PLAIN LOGIN";

  /**
   * Starts an exchange for {@code name}, with the optional initial response of the AUTH command;
   * returns null as the exchange when the mechanism is unknown.
   */
  static Started start(String name, String initialResponse) {
    Mechanism m;
    try {
      m = Mechanism.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return new Started(null, new Result.Failed(Replies.AUTH_MECHANISM_UNKNOWN));
    }
    SaslExchange exchange = new SaslExchange(m);
    if (initialResponse == null) {
      return new Started(exchange, new Result.Challenge(m == Mechanism.PLAIN ? "" : USERNAME_PROMPT));
    }
    return new Started(exchange, exchange.respond(initialResponse.equals("=") ? "" : initialResponse));
  }

  record Started(SaslExchange exchange, Result first) {}

  /** The client's next line: base64, or "*" to cancel. */
  Result respond(String line) {
    if (line.equals("*")) return new Result.Failed(Replies.AUTH_CANCELLED);
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(line.trim());
    } catch (IllegalArgumentException e) {
      return new Result.Failed(Replies.AUTH_BAD_ENCODING);
    }
    String text = new String(decoded, StandardCharsets.UTF_8);
    return switch (mechanism) {
      case PLAIN -> plain(text);
      case LOGIN -> login(text);
    };
  }

  /** authzid NUL authcid NUL passwd; an authzid other than the user itself is not supported. */
  private static Result plain(String text) {
    String[] parts = text.split("\0", -1);
    if (parts.length != 3 || parts[1].isEmpty()) return new Result.Failed(Replies.AUTH_BAD_ENCODING);
    if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) return new Result.Failed(Replies.AUTH_FAILED);
    return credentials(parts[1], parts[2]);
  }

  private Result login(String text) {
    if (username == null) {
      if (text.isEmpty()) return new Result.Failed(Replies.AUTH_BAD_ENCODING);
      username = text;
      return new Result.Challenge(PASSWORD_PROMPT);
    }
    return credentials(username, text);
  }

  private static Result credentials(String user, String password) {
    if (user.length() > MAX_FIELD || password.length() > MAX_FIELD || CommandParser.hasControl(user)) {
      return new Result.Failed(Replies.AUTH_FAILED);
    }
    return new Result.Done(new Credentials(user, password));
  }
}
