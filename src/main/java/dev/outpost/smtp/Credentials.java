package dev.outpost.smtp;

/**
 * A username and password received through SASL. {@link #toString} hides the password so that it
 * can never reach a log line by accident.
 */
public record Credentials(String username, String password) {
  @Override
  public String toString() {
    return "Credentials[username=" + username + ", password=***]";
  }
}
