package dev.outpost.smtp;

import java.util.Map;

/**
 * A parsed command line. {@link CommandParser} produces these, and {@link SmtpSession} handles
 * them in one exhaustive switch.
 */
public sealed interface SmtpCommand {

  /** The verb as a client sees it in replies and logs. */
  String verb();

  record Ehlo(String domain) implements SmtpCommand {
    public String verb() {
      return "EHLO";
    }
  }

  record Helo(String domain) implements SmtpCommand {
    public String verb() {
      return "HELO";
    }
  }

  /**
   * MAIL FROM. {@code sender} is empty for the null reverse path; {@code parameters} keys are
   * upper case, values as given (null for a keyword without a value).
   */
  record Mail(String sender, Map<String, String> parameters) implements SmtpCommand {
    public String verb() {
      return "MAIL";
    }
  }

  record Rcpt(String recipient, Map<String, String> parameters) implements SmtpCommand {
    public String verb() {
      return "RCPT";
    }
  }

  record Data() implements SmtpCommand {
    public String verb() {
      return "DATA";
    }
  }

  /** BDAT (RFC 3030): {@code size} octets follow the command line. */
  record Bdat(long size, boolean last) implements SmtpCommand {
    public String verb() {
      return "BDAT";
    }
  }

  record Rset() implements SmtpCommand {
    public String verb() {
      return "RSET";
    }
  }

  record Noop() implements SmtpCommand {
    public String verb() {
      return "NOOP";
    }
  }

  record Quit() implements SmtpCommand {
    public String verb() {
      return "QUIT";
    }
  }

  record Vrfy(String argument) implements SmtpCommand {
    public String verb() {
      return "VRFY";
    }
  }

  record Help() implements SmtpCommand {
    public String verb() {
      return "HELP";
    }
  }

  record StartTls() implements SmtpCommand {
    public String verb() {
      return "STARTTLS";
    }
  }

  /** AUTH (RFC 4954) with its mechanism and optional initial response. */
  record Auth(String mechanism, String initialResponse) implements SmtpCommand {
    public String verb() {
      return "AUTH";
    }

    @Override
    public String toString() {
      return "Auth[mechanism=" + mechanism + "]";
    }
  }

  /** A line that is not a valid command; {@code reply} says why (500, 501 or 555). */
  record Invalid(String verb, Reply reply) implements SmtpCommand {}
}
