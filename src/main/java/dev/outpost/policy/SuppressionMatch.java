package dev.outpost.policy;

/**
 * Why a recipient is not to be mailed: the list that holds it and the reason recorded there.
 *
 * @param scope the account whose list holds the address, or {@code global}
 * @param reason the entry's reason key, such as {@code unsubscribe} or {@code hard_bounce}
 */
public record SuppressionMatch(String scope, String reason) {}
