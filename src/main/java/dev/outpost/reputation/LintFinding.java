package dev.outpost.reputation;

/**
 * One thing about a message that receivers' filters hold against it.
 *
 * @param rule a short stable name, such as {@code no-list-unsubscribe}
 * @param score how much it weighs, on SpamAssassin's scale (5 in all is spam there); 0 for a
 *     check that could not be made
 * @param explanation what was found and what to do about it
 */
public record LintFinding(String rule, double score, String explanation) {}
