/**
 * Suppression lists: addresses Outpost must not mail, one list per account and a global one.
 *
 * <ul>
 *   <li>In: entries from hard bounces (the queue's outcome recorder, via {@link
 *       dev.outpost.suppression.SuppressionList#suppressHardBounce}), and operators' entries from
 *       {@code outpost suppression}.
 *   <li>Out: {@link dev.outpost.suppression.SuppressionList#find} for the RCPT path, and {@link
 *       dev.outpost.suppression.SuppressionPolicy}, which refuses a suppressed recipient.
 * </ul>
 *
 * <p>Entries live in the state store. Nothing here changes queue state: a suppressed recipient is
 * refused before it is ever queued.
 */
package dev.outpost.suppression;
