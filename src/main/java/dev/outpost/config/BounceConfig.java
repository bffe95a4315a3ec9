package dev.outpost.config;

import dev.outpost.bounce.BounceRule;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code [bounce]}: how failures are classified.
 *
 * @param rulesFile the operator's extra rules file, or null for the built-in rules alone
 * @param extraRules the rules read from {@code rulesFile} when the config was loaded, tried before
 *     the built-in ones; read once, so a file edited later cannot break a running server
 */
public record BounceConfig(Path rulesFile, List<BounceRule> extraRules) {

  public BounceConfig {
    extraRules = List.copyOf(extraRules);
  }

  public static BounceConfig defaults() {
    return new BounceConfig(null, List.of());
  }
}
