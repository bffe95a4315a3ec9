package dev.outpost.reputation;

/**
 * The result of evaluating one domain's SPF policy for one address.
 *
 * @param result the RFC 7208 result
 * @param reason which term decided it, or what went wrong
 * @param lookups the DNS-querying terms evaluated (RFC 7208 4.6.4 allows 10)
 */
public record SpfOutcome(SpfResult result, String reason, int lookups) {}
