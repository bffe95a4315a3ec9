package dev.outpost.config;

import dev.outpost.shaping.SiteProfiles;

/**
 * {@code [shaping]} and its {@code [[shaping.site]]} entries: per-provider limits for MX
 * delivery.
 *
 * @param enabled false turns traffic shaping off: every destination is unlimited
 * @param profiles the built-in profiles with the config's entries applied
 */
public record ShapingConfig(boolean enabled, SiteProfiles profiles) {

  public static ShapingConfig defaults() {
    return new ShapingConfig(true, SiteProfiles.builtIn());
  }
}
