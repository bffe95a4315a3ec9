package dev.outpost.queue;

/**
 * Maps a recipient domain to its {@link Destination}. Called on the enqueue path for every
 * recipient, so it must be cheap and must not block: anything slow (DNS) belongs in
 * {@link Destination#hosts}. {@link RoutesThenMx} is the one Outpost runs with;
 * {@link RouteResolver} alone knows only the static routes.
 */
@FunctionalInterface
public interface NextHopResolver {
  Resolution resolve(String domain);

  /**
   * For a recipient of a message that {@code account} (null for none) submitted from
   * {@code sender} (an address, empty for the null sender): the account or the sender may choose
   * the source address pool. Resolvers without pools ignore both.
   */
  default Resolution resolve(String account, String sender, String domain) {
    return resolve(domain);
  }
}
