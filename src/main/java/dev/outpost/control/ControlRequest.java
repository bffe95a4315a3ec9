package dev.outpost.control;

import dev.outpost.queue.MessageSelector;
import java.util.ArrayList;
import java.util.List;

/**
 * One request of the control protocol. On the wire it is one line: the protocol version, the
 * command and its arguments, separated by single spaces, e.g.
 * {@code OUTPOST/1 queue.hold domain=example.com}. An argument is {@code name=value} or a bare
 * flag ({@code all}, {@code bounce}); values are queue ids, domains and numbers, which never
 * contain spaces. {@link #toLine} and {@link #parse} are each other's inverse, and the CLI and
 * the server share them, so the two cannot disagree on the format.
 */
public sealed interface ControlRequest {
  String VERSION = "OUTPOST/1";
  int MAX_LINE = 4096;

  /** Whether the server is there; answers with its protocol version. */
  record Ping() implements ControlRequest {}

  record QueueSummary() implements ControlRequest {}

  /** @param domain only messages with a pending recipient here, or null for all */
  record QueueList(String domain, int limit) implements ControlRequest {}

  record QueueShow(String queueId) implements ControlRequest {}

  record QueueRetry(MessageSelector selector) implements ControlRequest {}

  record QueueHold(MessageSelector selector) implements ControlRequest {}

  record QueueRelease(MessageSelector selector) implements ControlRequest {}

  record QueueDelete(MessageSelector selector, boolean bounce) implements ControlRequest {}

  /** Open connections, AUTH-blocked addresses and account usage against limits. */
  record Limits() implements ControlRequest {}

  /** The server's figures: listeners, queue by state, delivery totals, throttled sites, listings. */
  record Status() implements ControlRequest {}

  /** The commands, as named on the wire. */
  List<String> COMMANDS = List.of("ping", "queue.summary", "queue.list", "queue.show", "queue.retry", "queue.hold",
      "queue.release", "queue.delete", "limits", "status");

  default String toLine() {
    List<String> words = new ArrayList<>(List.of(VERSION));
    switch (this) {
      case Ping p -> words.add("ping");
      case QueueSummary s -> words.add("queue.summary");
      case QueueList l -> {
        words.add("queue.list");
        if (l.domain() != null) words.add("domain=" + l.domain());
        words.add("limit=" + l.limit());
      }
      case QueueShow s -> {
        words.add("queue.show");
        words.add("id=" + s.queueId());
      }
      case QueueRetry r -> selected(words, "queue.retry", r.selector());
      case QueueHold h -> selected(words, "queue.hold", h.selector());
      case QueueRelease r -> selected(words, "queue.release", r.selector());
      case QueueDelete d -> {
        selected(words, "queue.delete", d.selector());
        if (d.bounce()) words.add("bounce");
      }
      case Limits l -> words.add("limits");
      case Status s -> words.add("status");
    }
    return String.join(" ", words);
  }

  private static void selected(List<String> words, String command, MessageSelector selector) {
    words.add(command);
    words.add(switch (selector) {
      case MessageSelector.ById(String id) -> "id=" + id;
      case MessageSelector.ByDomain(String domain) -> "domain=" + domain;
      case MessageSelector.All() -> "all";
    });
  }

  /** Reads one request line; the exception's message is what the client is told. */
  static ControlRequest parse(String line) throws ControlProtocolException {
    String[] words = line.strip().split(" +");
    if (!words[0].equals(VERSION)) {
      if (words[0].startsWith("OUTPOST/")) {
        throw new ControlProtocolException("unsupported protocol version " + words[0] + "; this server speaks " + VERSION);
      }
      throw new ControlProtocolException("a request starts with " + VERSION + ", then the command");
    }
    if (words.length < 2) throw new ControlProtocolException("missing command; known: " + String.join(", ", COMMANDS));
    RequestArguments args = RequestArguments.of(words);
    ControlRequest request = switch (words[1]) {
      case "ping" -> new Ping();
      case "queue.summary" -> new QueueSummary();
      case "queue.list" -> new QueueList(args.optional("domain"), args.number("limit", 100));
      case "queue.show" -> new QueueShow(args.required("id"));
      case "queue.retry" -> new QueueRetry(args.selector());
      case "queue.hold" -> new QueueHold(args.selector());
      case "queue.release" -> new QueueRelease(args.selector());
      case "queue.delete" -> {
        MessageSelector selector = args.selector();
        if (selector instanceof MessageSelector.All) {
          throw new ControlProtocolException("queue.delete takes id= or domain=, never all");
        }
        yield new QueueDelete(selector, args.flag("bounce"));
      }
      case "limits" -> new Limits();
      case "status" -> new Status();
      default -> throw new ControlProtocolException("unknown command \"" + words[1] + "\"; known: "
          + String.join(", ", COMMANDS));
    };
    args.requireAllUsed(words[1]);
    return request;
  }
}
