package dev.outpost.delivery;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The commands the client sends, one record each. Every record checks its arguments when it is
 * built: an address, name or parameter that contains CR or LF is refused with
 * {@link UnsafeCommandException}, because such a value would let a message's author inject
 * extra SMTP commands into the session (SMTP smuggling through the envelope).
 */
public sealed interface ClientCommand {

  /** The command line without CRLF. */
  String text();

  /** Whether RFC 2920 allows more commands after this one in a pipelined group. */
  boolean endsGroup();

  /** The command line with CRLF, as UTF-8 (plain ASCII unless SMTPUTF8 is in use). */
  default byte[] bytes() {
    return (text() + "\r\n").getBytes(StandardCharsets.UTF_8);
  }

  record Ehlo(String name) implements ClientCommand {
    public Ehlo {
      checkSafe("EHLO name", name);
    }

    public String text() {
      return "EHLO " + name;
    }

    public boolean endsGroup() {
      return true;
    }
  }

  record Helo(String name) implements ClientCommand {
    public Helo {
      checkSafe("HELO name", name);
    }

    public String text() {
      return "HELO " + name;
    }

    public boolean endsGroup() {
      return true;
    }
  }

  record StartTls() implements ClientCommand {
    public String text() {
      return "STARTTLS";
    }

    public boolean endsGroup() {
      return true;
    }
  }

  /** {@code MAIL FROM:<sender> params}; an empty sender is the null reverse path {@code <>}. */
  record MailFrom(String sender, List<String> parameters) implements ClientCommand {
    public MailFrom {
      checkSafe("sender address", sender);
      parameters = List.copyOf(parameters);
      for (String p : parameters) checkSafe("MAIL FROM parameter", p);
    }

    public String text() {
      return withParameters("MAIL FROM:<" + sender + ">", parameters);
    }

    public boolean endsGroup() {
      return false;
    }
  }

  record RcptTo(String recipient, List<String> parameters) implements ClientCommand {
    public RcptTo {
      checkSafe("recipient address", recipient);
      parameters = List.copyOf(parameters);
      for (String p : parameters) checkSafe("RCPT TO parameter", p);
    }

    public String text() {
      return withParameters("RCPT TO:<" + recipient + ">", parameters);
    }

    public boolean endsGroup() {
      return false;
    }
  }

  record Data() implements ClientCommand {
    public String text() {
      return "DATA";
    }

    public boolean endsGroup() {
      return true;
    }
  }

  record Rset() implements ClientCommand {
    public String text() {
      return "RSET";
    }

    public boolean endsGroup() {
      return false;
    }
  }

  record Quit() implements ClientCommand {
    public String text() {
      return "QUIT";
    }

    public boolean endsGroup() {
      return true;
    }
  }

  private static String withParameters(String base, List<String> parameters) {
    if (parameters.isEmpty()) return base;
    return base + " " + String.join(" ", parameters);
  }

  /** Refuses null and any value with CR or LF; see the interface comment for why. */
  static void checkSafe(String what, String value) {
    if (value == null) throw new UnsafeCommandException(what + " is missing");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\r' || c == '\n') {
        throw new UnsafeCommandException("refusing to send a " + what + " that contains "
            + (c == '\r' ? "CR" : "LF") + " at position " + i + ": it could inject SMTP commands");
      }
    }
  }
}
