package dev.nearcache.jcache.internal.redis;

/**
 * When put.lua writes: always, only if the entry is absent (putIfAbsent), only if present
 * (replace).
 */
public enum PutCondition {
  ALWAYS,
  IF_ABSENT,
  IF_PRESENT
}
