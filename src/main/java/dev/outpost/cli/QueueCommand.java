package dev.outpost.cli;

import dev.outpost.control.ControlRequest;
import dev.outpost.queue.MessageSelector;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code outpost queue [list|show|retry|hold|release|delete]}: the running server's queue. Alone,
 * a summary by destination.
 */
@Command(name = "queue", description = "Show and manage the running server's queue (alone: a summary by destination).",
    subcommands = CommandLine.HelpCommand.class)
final class QueueCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return ServerAccess.run(main, spec, new ControlRequest.QueueSummary(), QueueOutput::summary);
  }

  @Command(name = "list", description = "List queued messages, oldest first.")
  int list(
      @Option(names = "--domain", paramLabel = "DOMAIN", description = "only messages with recipients pending here")
      String domain,
      @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "at most N (default: 100)")
      int limit) {
    if (limit < 1) return StateAccess.usage(spec, "--limit must be at least 1");
    return ServerAccess.run(main, spec, new ControlRequest.QueueList(domain, limit), QueueOutput::list);
  }

  @Command(name = "show", description = "Show one message: envelope, added headers, recipients, next attempt.")
  int show(@Parameters(paramLabel = "ID") String id) {
    return ServerAccess.run(main, spec, new ControlRequest.QueueShow(id), QueueOutput::show);
  }

  @Command(name = "retry", description = "Make messages due now (held ones stay held).")
  int retry(@Parameters(paramLabel = "ID", arity = "0..1") String id,
      @Option(names = "--domain", paramLabel = "DOMAIN") String domain,
      @Option(names = "--all") boolean all) {
    MessageSelector selector = selector(id, domain, all);
    if (selector == null) return StateAccess.usage(spec, "name exactly one of ID, --domain DOMAIN or --all");
    return ServerAccess.run(main, spec, new ControlRequest.QueueRetry(selector),
        (records, out) -> QueueOutput.action("due now", records, out));
  }

  @Command(name = "hold", description = "Hold messages: not delivered until released, across restarts too.")
  int hold(@Parameters(paramLabel = "ID", arity = "0..1") String id,
      @Option(names = "--domain", paramLabel = "DOMAIN") String domain) {
    MessageSelector selector = selector(id, domain, false);
    if (selector == null) return StateAccess.usage(spec, "name exactly one of ID or --domain DOMAIN");
    return ServerAccess.run(main, spec, new ControlRequest.QueueHold(selector),
        (records, out) -> QueueOutput.action("held", records, out));
  }

  @Command(name = "release", description = "Release held messages; each is due at its next attempt time again.")
  int release(@Parameters(paramLabel = "ID", arity = "0..1") String id,
      @Option(names = "--domain", paramLabel = "DOMAIN") String domain) {
    MessageSelector selector = selector(id, domain, false);
    if (selector == null) return StateAccess.usage(spec, "name exactly one of ID or --domain DOMAIN");
    return ServerAccess.run(main, spec, new ControlRequest.QueueRelease(selector),
        (records, out) -> QueueOutput.action("released", records, out));
  }

  @Command(name = "delete", description = "Delete messages from the queue; with --bounce, tell their senders.")
  int delete(@Parameters(paramLabel = "ID", arity = "0..1") String id,
      @Option(names = "--domain", paramLabel = "DOMAIN") String domain,
      @Option(names = "--bounce", description = "send the sender a failure DSN: \"deleted by the operator\"")
      boolean bounce) {
    MessageSelector selector = selector(id, domain, false);
    if (selector == null) return StateAccess.usage(spec, "name exactly one of ID or --domain DOMAIN");
    return ServerAccess.run(main, spec, new ControlRequest.QueueDelete(selector, bounce),
        (records, out) -> QueueOutput.action(bounce ? "deleted with a bounce" : "deleted", records, out));
  }

  /** The one selection given, or null when none or several are. */
  private static MessageSelector selector(String id, String domain, boolean all) {
    int given = (id != null ? 1 : 0) + (domain != null ? 1 : 0) + (all ? 1 : 0);
    if (given != 1) return null;
    if (id != null) return new MessageSelector.ById(id);
    if (domain != null) return new MessageSelector.ByDomain(domain);
    return new MessageSelector.All();
  }
}
