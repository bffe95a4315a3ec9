package dev.outpost.smtp;

import dev.outpost.spool.Envelope.BodyType;
import dev.outpost.spool.Envelope.DsnRet;
import java.util.Map;

/**
 * The typed parameters of MAIL FROM (RFC 1870 SIZE, RFC 6152 BODY, RFC 6531 SMTPUTF8,
 * RFC 3461 RET and ENVID).
 *
 * @param declaredSize SIZE=, or -1 when not given
 * @param envId ENVID= decoded from xtext, or null
 */
public record MailParameters(long declaredSize, BodyType bodyType, boolean smtpUtf8, DsnRet ret, String envId) {

  /** Validates the parameters; throws with the reply to send when one is unknown or malformed. */
  static MailParameters parse(Map<String, String> parameters) throws ParameterException {
    long size = -1;
    BodyType body = BodyType.SEVEN_BIT;
    boolean utf8 = false;
    DsnRet ret = null;
    String envId = null;
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      String value = p.getValue();
      switch (p.getKey()) {
        case "SIZE" -> {
          if (value == null || !value.matches("[0-9]{1,18}")) throw ParameterException.syntax("SIZE must be a number");
          size = Long.parseLong(value);
        }
        case "BODY" -> {
          if (value == null) throw ParameterException.syntax("BODY needs a value");
          body = switch (value.toUpperCase(java.util.Locale.ROOT)) {
            case "7BIT" -> BodyType.SEVEN_BIT;
            case "8BITMIME" -> BodyType.EIGHT_BITMIME;
            default -> throw new ParameterException(Replies.unknownParameter("BODY=" + value));
          };
        }
        case "SMTPUTF8" -> {
          if (value != null) throw ParameterException.syntax("SMTPUTF8 takes no value");
          utf8 = true;
        }
        case "RET" -> {
          if (value == null) throw ParameterException.syntax("RET needs FULL or HDRS");
          ret = switch (value.toUpperCase(java.util.Locale.ROOT)) {
            case "FULL" -> DsnRet.FULL;
            case "HDRS" -> DsnRet.HDRS;
            default -> throw ParameterException.syntax("RET must be FULL or HDRS");
          };
        }
        case "ENVID" -> {
          if (value == null) throw ParameterException.syntax("ENVID needs a value");
          envId = Xtext.decode(value);
          if (envId == null || envId.length() > 100) throw ParameterException.syntax("ENVID is not valid xtext");
        }
        case "AUTH" -> {
          // RFC 4954 §5: the submitter's identity as the client asserts it; Outpost trusts only
          // its own AUTH exchange, so the value is checked for syntax and otherwise ignored.
          if (value == null || (!value.equals("<>") && Xtext.decode(value) == null)) {
            throw ParameterException.syntax("AUTH= needs an xtext mailbox or <>");
          }
        }
        default -> throw new ParameterException(Replies.unknownParameter(p.getKey()));
      }
    }
    return new MailParameters(size, body, utf8, ret, envId);
  }
}
