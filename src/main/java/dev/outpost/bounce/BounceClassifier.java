package dev.outpost.bounce;

import java.util.ArrayList;
import java.util.List;

/**
 * Gives a failure its {@link BounceCategory}: the first rule that matches wins, trying the
 * operator's extra rules before the built-in ones, so that an extra rule can override any
 * built-in one. A failure no rule matches is {@link BounceCategory#OTHER}.
 *
 * <p>Immutable and thread-safe; classifying is a walk over the rules with at most one regular
 * expression search each, done once per failed or deferred recipient.
 */
public final class BounceClassifier {
  private final List<BounceRule> rules;

  /** Extra rules, tried in order before the built-in ones. */
  public BounceClassifier(List<BounceRule> extraRules) {
    List<BounceRule> all = new ArrayList<>(extraRules);
    all.addAll(BounceRuleFile.builtIn());
    this.rules = List.copyOf(all);
  }

  public static BounceClassifier builtIn() {
    return new BounceClassifier(List.of());
  }

  public BounceCategory classify(FailureReason reason) {
    BounceRule rule = match(reason);
    return rule == null ? BounceCategory.OTHER : rule.category();
  }

  /** The rule that decides the category, or null when none matches; says why a failure got its category. */
  public BounceRule match(FailureReason reason) {
    for (BounceRule rule : rules) {
      if (rule.matches(reason)) return rule;
    }
    return null;
  }

  /** For a reply as the queue records it: status code and one-line detail. */
  public BounceCategory classify(String status, String detail) {
    return classify(FailureReason.of(status, detail));
  }
}
