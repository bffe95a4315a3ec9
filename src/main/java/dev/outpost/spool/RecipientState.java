package dev.outpost.spool;

/** Delivery state of one recipient. */
public enum RecipientState {
  /** Not yet delivered; due at the envelope's next attempt time. */
  PENDING,
  /** The remote server accepted it with a 2xx reply. */
  DELIVERED,
  /** A permanent failure (5xx, or the maximum age reached); the reply is recorded. */
  FAILED
}
