package dev.outpost.shaping;

/**
 * A reply asking this sender to slow down.
 *
 * @param reason the reply, for the status view and the mail log
 * @param suspend true for a rate-limit reply (Google 4.7.28, Microsoft 4.7.650, Yahoo TSS04 and
 *     whatever the bounce rules file as {@code rate_limited}): stop new connections and sends
 *     from that source IP for the site's {@code suspend} time and halve the rate. False for a
 *     421 the rules do not recognise ("busy, try later"): halve the rate only, since one busy
 *     host does not mean the whole site is refusing, and the next MX host may take the mail.
 */
public record SlowDown(String reason, boolean suspend) {}
