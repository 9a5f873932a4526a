package dev.nearcache.demo;

import java.time.Instant;

/**
 * A logged-in user's session: what the session cache holds (a record, allowed by {@code
 * codec.allow}).
 */
record Session(String id, String user, String accountId, Instant createdAt) {}
