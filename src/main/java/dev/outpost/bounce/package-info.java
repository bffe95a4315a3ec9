/**
 * Outcomes a sender can act on: bounce classification and delivery status notifications.
 *
 * <p>In: a failure's reply code, RFC 3463 status and text ({@link dev.outpost.bounce.FailureReason});
 * for a DSN, the original envelope, the recipients to report and the original's stored body.
 * Out: a {@link dev.outpost.bounce.BounceCategory} with explanation and advice, from ordered rules
 * ({@link dev.outpost.bounce.BounceClassifier}: the operator's {@code [bounce] rules} file first,
 * then the built-in {@code rules.toml}; first match wins); and RFC 3464 DSN messages
 * ({@link dev.outpost.bounce.DsnBuilder}), with who gets one decided by
 * {@link dev.outpost.bounce.DsnPolicy} from NOTIFY.
 *
 * <p>Changes no queue state itself and does no network I/O: the queue
 * ({@code dev.outpost.queue.DeliveryNotices}) stores the DSNs it builds and enqueues them.
 */
package dev.outpost.bounce;
