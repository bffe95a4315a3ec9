package dev.outpost.policy;

import dev.outpost.smtp.Reply;

/** What to do with a message's From: header field. */
public sealed interface FromDecision {

  FromDecision KEEP = new Keep();

  record Keep() implements FromDecision {}

  /** Refuse the message once its data has been read. */
  record Refuse(Reply reply) implements FromDecision {}

  /** Replace the From field with this address (the original is kept as X-Original-From). */
  record Replace(String address) implements FromDecision {}
}
