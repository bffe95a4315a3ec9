package dev.outpost.queue;

import dev.outpost.bounce.BounceCategory;
import dev.outpost.delivery.RecipientOutcome;

/**
 * What one attempt did for one recipient, kept until the attempt ends so that the DSNs it
 * causes can quote the reply, the remote host and the category.
 *
 * @param relay the remote end as {@code host[ip]:port}, or {@link OutcomeRecorder#NO_RELAY}
 * @param category for a deferral or failure; null for a delivery
 */
record AttemptResult(RecipientOutcome outcome, String relay, BounceCategory category) {}
