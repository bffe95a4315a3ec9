package dev.outpost.smtp;

import java.util.regex.Pattern;
import dev.outpost.spool.Recipient.DsnNotify;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The typed parameters of RCPT TO (RFC 3461 NOTIFY and ORCPT).
 *
 * @param notifyOn empty when NOTIFY was not given
 * @param orcpt {@code addr-type;address} with the address decoded from xtext, or null
 */
public record RcptParameters(Set<DsnNotify> notifyOn, String orcpt) {
  private static final Pattern ADDRESS_TYPE = Pattern.compile("[A-Za-z0-9-]+");

  static RcptParameters parse(Map<String, String> parameters) throws ParameterException {
    Set<DsnNotify> notify = EnumSet.noneOf(DsnNotify.class);
    String orcpt = null;
    for (Map.Entry<String, String> p : parameters.entrySet()) {
      String value = p.getValue();
      switch (p.getKey()) {
        case "NOTIFY" -> {
          if (value == null) throw ParameterException.syntax("NOTIFY needs a value");
          for (String item : value.toUpperCase(Locale.ROOT).split(",", -1)) {
            try {
              notify.add(DsnNotify.valueOf(item));
            } catch (IllegalArgumentException e) {
              throw ParameterException.syntax("NOTIFY must be NEVER or a list of SUCCESS, FAILURE, DELAY");
            }
          }
          if (notify.contains(DsnNotify.NEVER) && notify.size() > 1) {
            throw ParameterException.syntax("NOTIFY=NEVER cannot be combined with other values");
          }
        }
        case "ORCPT" -> {
          int semi = value == null ? -1 : value.indexOf(';');
          if (semi <= 0) throw ParameterException.syntax("ORCPT must be addr-type;address");
          // RFC 3461 §4.2 caps the value at 500 characters, which keeps the DSN's
          // Original-Recipient line within SMTP's 998.
          if (value.length() > 500) throw ParameterException.syntax("ORCPT longer than 500 characters");
          String type = value.substring(0, semi);
          String address = Xtext.decode(value.substring(semi + 1));
          if (!ADDRESS_TYPE.matcher(type).matches() || address == null || address.isEmpty()) {
            throw ParameterException.syntax("ORCPT must be addr-type;xtext-address");
          }
          orcpt = type + ";" + address;
        }
        default -> throw new ParameterException(Replies.unknownParameter(p.getKey()));
      }
    }
    return new RcptParameters(notify, orcpt);
  }
}
