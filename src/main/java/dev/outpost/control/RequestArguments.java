package dev.outpost.control;

import dev.outpost.queue.MessageSelector;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The arguments of one request line; each must be used by the command, or it is an error. */
final class RequestArguments {
  private static final Pattern VALUE = Pattern.compile("[A-Za-z0-9._@:\\[\\]-]{1,255}");
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> flags = new HashSet<>();
  private final Set<String> used = new HashSet<>();

  private RequestArguments() {}

  static RequestArguments of(String[] words) throws ControlProtocolException {
    RequestArguments a = new RequestArguments();
    for (int i = 2; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq < 0) {
        a.flags.add(words[i]);
        continue;
      }
      String value = words[i].substring(eq + 1);
      if (!VALUE.matcher(value).matches()) {
        throw new ControlProtocolException("bad value for " + words[i].substring(0, eq) + ": \"" + value + "\"");
      }
      a.values.put(words[i].substring(0, eq), value);
    }
    return a;
  }

  String optional(String name) {
    used.add(name);
    return values.get(name);
  }

  String required(String name) throws ControlProtocolException {
    String v = optional(name);
    if (v == null) throw new ControlProtocolException("missing " + name + "=");
    return v;
  }

  int number(String name, int fallback) throws ControlProtocolException {
    String v = optional(name);
    if (v == null) return fallback;
    try {
      int n = Integer.parseInt(v);
      if (n < 1) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw new ControlProtocolException(name + " must be a positive number, got \"" + v + "\"");
    }
  }

  boolean flag(String name) {
    used.add(name);
    return flags.contains(name);
  }

  /** Exactly one of {@code id=}, {@code domain=} and {@code all}. */
  MessageSelector selector() throws ControlProtocolException {
    String id = optional("id");
    String domain = optional("domain");
    boolean all = flag("all");
    int given = (id != null ? 1 : 0) + (domain != null ? 1 : 0) + (all ? 1 : 0);
    if (given != 1) throw new ControlProtocolException("name exactly one of id=ID, domain=DOMAIN or all");
    if (id != null) return new MessageSelector.ById(id);
    if (domain != null) return new MessageSelector.ByDomain(domain);
    return new MessageSelector.All();
  }

  void requireAllUsed(String command) throws ControlProtocolException {
    for (String name : values.keySet()) {
      if (!used.contains(name)) throw new ControlProtocolException(command + " takes no argument " + name + "=");
    }
    for (String flag : flags) {
      if (!used.contains(flag)) throw new ControlProtocolException(command + " takes no argument " + flag);
    }
  }
}
