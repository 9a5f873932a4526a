package dev.nearcache.near;

/** Why a segment's near entries were dropped; counted separately so faults show up in metrics. */
public enum ClearCause {
  /** A change message's sequence number skipped at least one number: a message was lost. */
  GAP,
  /** The subscription was (re-)established: anything could have been missed before it. */
  SUBSCRIBED,
  /** Reconciliation read a sequence number that no message followed within the grace period. */
  RECONCILIATION,
  /** The segment's sequence number went backwards: Redis restarted, was flushed or failed over. */
  SEQUENCE_RESET,
  /** Some node cleared the cache (a clear message). */
  CACHE_CLEARED,
  /** A change message could not be read (e.g. a key this node may not decode). */
  UNREADABLE_MESSAGE,
  /** The connection to Redis was lost. */
  DISCONNECTED
}
