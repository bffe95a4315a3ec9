/**
 * Unsubscribe: the List-Unsubscribe, List-Unsubscribe-Post (RFC 8058) and Feedback-ID fields of
 * accounts' mail, and the two ways back in that they offer.
 *
 * <ul>
 *   <li>In: messages on their way into the spool ({@link dev.outpost.unsubscribe.UnsubscribeHeaders},
 *       called before the DKIM signature is made); one-click POSTs from the HTTP side; mail to
 *       {@code unsubscribe+ID@hostname} from the SMTP side ({@link
 *       dev.outpost.unsubscribe.MailtoUnsubscribe}, admitted by {@link
 *       dev.outpost.unsubscribe.UnsubscribeMailboxPolicy}).
 *   <li>Out: header lines; entries with reason {@code unsubscribe} on the sending account's
 *       suppression list ({@link dev.outpost.unsubscribe.OptOuts}); the mailto ids handed out,
 *       in the state store ({@link dev.outpost.unsubscribe.MailboxRegistry}).
 * </ul>
 *
 * <p>Links are signed with the key in {@code <data_dir>/unsubscribe.key}. Nothing here changes
 * queue state: unsubscribe mail is taken in and never queued.
 */
package dev.outpost.unsubscribe;
