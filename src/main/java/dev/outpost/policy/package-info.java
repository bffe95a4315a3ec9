/**
 * Who may send what: small, pure checks that answer a {@link dev.outpost.policy.Decision}.
 *
 * <p>In: facts about the session (client address, trust, listener, TLS) and the address being
 * judged. Out: accept, reject, temporary failure or disconnect, each with its reply. Changes no
 * queue state.
 */
package dev.outpost.policy;
