package dev.outpost.policy;

import dev.outpost.smtp.Reply;

/** What a policy check says about a command: go on, refuse it, refuse it for now, or hang up. */
public sealed interface Decision {

  Decision ACCEPT = new Accept();

  record Accept() implements Decision {}

  record Reject(Reply reply) implements Decision {}

  record TempFail(Reply reply) implements Decision {}

  record Disconnect(Reply reply) implements Decision {}
}
