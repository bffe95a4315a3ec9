package dev.outpost.control;

import dev.outpost.accounts.AccountLimits;
import dev.outpost.accounts.UsageCounts;

/** One account's messages in the current UTC hour, day and month, against its limits (0: none). */
public record AccountUsage(String account, boolean enabled, boolean locked, UsageCounts used, AccountLimits limits) {}
