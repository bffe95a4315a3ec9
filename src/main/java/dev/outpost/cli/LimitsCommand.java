package dev.outpost.cli;

import dev.outpost.control.ControlRecord;
import dev.outpost.control.ControlRequest;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code outpost limits}: the protective limits as the running server enforces them right now:
 * open connections in all and per client address, addresses blocked from AUTH, and each
 * account's messages in the current windows against its limits.
 */
@Command(name = "limits", description = "Show live limits: connections, AUTH blocks, account usage.")
final class LimitsCommand implements Callable<Integer> {
  private static final String[] WINDOWS = {"messages_per_hour", "messages_per_day", "messages_per_month"};

  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    return ServerAccess.run(main, spec, new ControlRequest.Limits(), LimitsCommand::print);
  }

  private static void print(List<ControlRecord> records, PrintWriter out) {
    for (ControlRecord r : records) {
      switch (r.type()) {
        case "connections" -> out.println("connections: " + r.get("open") + " open of " + r.get("max")
            + "; per address at most " + r.get("max_per_address") + ", new per address per minute at most "
            + unlimited(r.get("max_per_minute")));
        case "client" -> out.println("  " + r.get("address") + ": " + r.get("open") + " open");
        case "auth_blocked" -> out.println("AUTH blocked: " + r.get("address") + " until " + r.get("until"));
        case "account" -> printAccount(r, out);
        default -> { }
      }
    }
    if (records.stream().noneMatch(r -> r.type().equals("auth_blocked"))) out.println("AUTH blocked: none");
  }

  private static void printAccount(ControlRecord r, PrintWriter out) {
    StringBuilder line = new StringBuilder("account " + r.get("name"));
    if (!r.getFlag("enabled")) line.append(" (disabled)");
    if (r.getFlag("locked")) line.append(" (locked)");
    line.append(":");
    for (String window : WINDOWS) {
      line.append(' ').append(window.replace("messages_", "").replace('_', ' ')).append(' ')
          .append(r.get(window + "_used")).append('/').append(unlimited(r.get(window + "_max"))).append(',');
    }
    line.append(" recipients/message ").append(unlimited(r.get("recipients_per_message_max")));
    line.append(", size ").append(unlimited(r.get("message_size_max")));
    out.println(line);
  }

  private static String unlimited(String max) {
    return max == null || max.equals("0") ? "unlimited" : max;
  }
}
