package dev.outpost.smtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns one command line (without its CRLF) into an {@link SmtpCommand}. Pure and stateless:
 * what is allowed when is the session's business; here only the syntax of RFC 5321 §4.1 is judged.
 */
public final class CommandParser {
  // Compiled once: MAIL and RCPT parse their parameters with them on every message.
  private static final Pattern SPACES = Pattern.compile(" +");
  private static final Pattern MECHANISM = Pattern.compile("[A-Za-z0-9_-]{1,20}");
  private static final Pattern CHUNK_SIZE = Pattern.compile("[0-9]{1,18}");
  private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Z0-9][A-Z0-9-]*");

  private CommandParser() {}

  public static SmtpCommand parse(String line) {
    int space = line.indexOf(' ');
    String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
    String rest = space < 0 ? "" : line.substring(space + 1);
    return switch (verb) {
      case "EHLO" -> domainArgument(verb, rest, true);
      case "HELO" -> domainArgument(verb, rest, false);
      case "MAIL" -> mail(rest);
      case "RCPT" -> rcpt(rest);
      case "DATA" -> noArgument(verb, rest, new SmtpCommand.Data());
      case "BDAT" -> bdat(rest);
      case "RSET" -> noArgument(verb, rest, new SmtpCommand.Rset());
      case "QUIT" -> noArgument(verb, rest, new SmtpCommand.Quit());
      case "STARTTLS" -> noArgument(verb, rest, new SmtpCommand.StartTls());
      case "AUTH" -> auth(rest);
      case "NOOP" -> new SmtpCommand.Noop();
      case "HELP" -> new SmtpCommand.Help();
      case "VRFY" -> rest.isBlank()
          ? new SmtpCommand.Invalid(verb, Replies.syntax("VRFY needs an argument"))
          : new SmtpCommand.Vrfy(rest.trim());
      default -> new SmtpCommand.Invalid(verb, Replies.UNRECOGNIZED);
    };
  }

  private static SmtpCommand domainArgument(String verb, String rest, boolean ehlo) {
    String domain = rest.trim();
    if (domain.isEmpty() || domain.indexOf(' ') >= 0 || hasControl(domain)) {
      return new SmtpCommand.Invalid(verb, Replies.syntax(verb + " needs one domain or address literal"));
    }
    return ehlo ? new SmtpCommand.Ehlo(domain) : new SmtpCommand.Helo(domain);
  }

  private static SmtpCommand noArgument(String verb, String rest, SmtpCommand command) {
    return rest.isBlank() ? command : new SmtpCommand.Invalid(verb, Replies.syntax(verb + " takes no arguments"));
  }

  private static SmtpCommand mail(String rest) {
    String arguments = afterPrefix(rest, "FROM:");
    if (arguments == null) return new SmtpCommand.Invalid("MAIL", Replies.syntax("expected MAIL FROM:<address>"));
    try {
      PathAndParameters p = splitPath(arguments);
      String sender = p.path.equals("<>") ? "" : Mailbox.parsePath(p.path, false);
      return new SmtpCommand.Mail(sender, parameters(p.parameters));
    } catch (SyntaxException e) {
      return new SmtpCommand.Invalid("MAIL", e.reply(Replies.BAD_SENDER_SYNTAX));
    }
  }

  private static SmtpCommand rcpt(String rest) {
    String arguments = afterPrefix(rest, "TO:");
    if (arguments == null) return new SmtpCommand.Invalid("RCPT", Replies.syntax("expected RCPT TO:<address>"));
    try {
      PathAndParameters p = splitPath(arguments);
      return new SmtpCommand.Rcpt(Mailbox.parsePath(p.path, true), parameters(p.parameters));
    } catch (SyntaxException e) {
      return new SmtpCommand.Invalid("RCPT", e.reply(Replies.BAD_RECIPIENT_SYNTAX));
    }
  }

  private static SmtpCommand auth(String rest) {
    String[] words = SPACES.split(rest.trim());
    if (rest.isBlank() || words.length > 2 || !MECHANISM.matcher(words[0]).matches()) {
      return new SmtpCommand.Invalid("AUTH", Replies.syntax("expected AUTH <mechanism> [initial-response]"));
    }
    return new SmtpCommand.Auth(words[0], words.length == 2 ? words[1] : null);
  }

  private static SmtpCommand bdat(String rest) {
    String[] words = SPACES.split(rest.trim());
    if (rest.isBlank() || words.length > 2) {
      return new SmtpCommand.Invalid("BDAT", Replies.syntax("expected BDAT <size> [LAST]"));
    }
    if (!CHUNK_SIZE.matcher(words[0]).matches()) return new SmtpCommand.Invalid("BDAT", Replies.BDAT_SIZE_INVALID);
    boolean last = words.length == 2;
    if (last && !words[1].equalsIgnoreCase("LAST")) {
      return new SmtpCommand.Invalid("BDAT", Replies.syntax("expected BDAT <size> [LAST]"));
    }
    return new SmtpCommand.Bdat(Long.parseLong(words[0]), last);
  }

  /** Case-insensitive prefix; a space after the colon is tolerated, as many clients send one. */
  private static String afterPrefix(String rest, String prefix) {
    if (rest.length() < prefix.length() || !rest.regionMatches(true, 0, prefix, 0, prefix.length())) return null;
    String after = rest.substring(prefix.length());
    return after.startsWith(" ") ? after.substring(1) : after;
  }

  private record PathAndParameters(String path, String parameters) {}

  private static PathAndParameters splitPath(String arguments) throws SyntaxException {
    if (!arguments.startsWith("<")) throw new SyntaxException(false, "address must be enclosed in <>");
    int close = closingBracket(arguments);
    if (close < 0) throw new SyntaxException(false, "missing > after the address");
    String path = arguments.substring(0, close + 1);
    String after = arguments.substring(close + 1);
    if (!after.isEmpty() && !after.startsWith(" ")) {
      throw new SyntaxException(false, "expected a space between the address and its parameters");
    }
    return new PathAndParameters(path, after.trim());
  }

  /** The '>' that closes the path, skipping any inside a quoted local part. */
  private static int closingBracket(String s) {
    boolean quoted = false;
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quoted && c == '\\') {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '>' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  private static Map<String, String> parameters(String text) throws SyntaxException {
    Map<String, String> result = new LinkedHashMap<>();
    if (text.isEmpty()) return result;
    for (String word : SPACES.split(text)) {
      int eq = word.indexOf('=');
      String key = (eq < 0 ? word : word.substring(0, eq)).toUpperCase(Locale.ROOT);
      String value = eq < 0 ? null : word.substring(eq + 1);
      if (!PARAMETER_NAME.matcher(key).matches()) throw new SyntaxException(false, "bad parameter name \"" + key + "\"");
      if (value != null && (value.isEmpty() || hasControl(value) || value.indexOf('=') >= 0)) {
        throw new SyntaxException(false, "bad value for parameter " + key);
      }
      if (result.containsKey(key)) throw new SyntaxException(false, "parameter " + key + " given twice");
      result.put(key, value);
    }
    return result;
  }

  static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) return true;
    }
    return false;
  }
}
