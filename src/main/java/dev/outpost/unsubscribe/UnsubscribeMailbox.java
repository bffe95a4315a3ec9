package dev.outpost.unsubscribe;

import java.time.Instant;

/**
 * One mailto unsubscribe address handed out: mail to {@code unsubscribe+ID@hostname}
 * unsubscribes {@code address} from {@code account}.
 *
 * @param id the mailbox id ({@link UnsubscribeTokens#mailboxId}), lower case
 * @param createdAt when the first message carrying it was received
 */
public record UnsubscribeMailbox(String id, String account, String address, Instant createdAt) {}
