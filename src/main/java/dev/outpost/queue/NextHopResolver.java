package dev.outpost.queue;

/**
 * Maps a recipient domain to its {@link Destination}. Called on the enqueue path for every
 * recipient, so it must be cheap and must not block: anything slow (DNS) belongs in
 * {@link Destination#hosts}. MX delivery plugs in as another resolver, e.g. one that maps a
 * domain to an MX destination named after the domain, chained after the static routes.
 */
@FunctionalInterface
public interface NextHopResolver {
  Resolution resolve(String domain);
}
