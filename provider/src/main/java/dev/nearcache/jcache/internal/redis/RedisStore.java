package dev.nearcache.jcache.internal.redis;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.LongAdder;
import javax.cache.CacheException;
import org.redisson.client.RedisException;

/**
 * The Redis tier of one cache: typed calls of the Lua scripts, each one round trip, and their
 * pipelined bulk forms. Knows bytes only; JCache semantics live in the cache above it.
 *
 * <p>TTL codes: {@link #ETERNAL} (-1), {@link #UNCHANGED} (-2), or milliseconds from Redis's now.
 * An expected version of {@link #ANY_VERSION} (-1) applies unconditionally, 0 requires the entry to
 * be absent and {@code n} requires exactly that version (compare-and-set).
 */
public final class RedisStore {
  public static final long ETERNAL = -1;
  public static final long UNCHANGED = -2;
  public static final long ANY_VERSION = -1;

  /** The expected version of an entry that must still be absent. */
  public static final long ABSENT = 0;

  private static final System.Logger LOG = System.getLogger(RedisStore.class.getName());
  private static final byte[] ONE = {'1'};

  /** ARGV[7] of a single-key script that only plans (prelude.lua). */
  private static final byte[] PLAN = {'p'};

  private static final byte[] ZERO = {'0'};
  private static final byte[] EMPTY = {};
  private static final int CLEAR_SLICE = 1000;
  private static final int SCAN_PAGE = 500;

  private final ScriptExecutor executor;
  private final SegmentLayout layout;
  private final byte[] origin;
  private final byte[] publishCommand;
  private final byte[] grace;

  /**
   * True when one server holds every slot (not a cluster): a bulk call's segments share a script.
   */
  private final boolean oneServer;

  /** Values of at most this many bytes travel in their write's change message (0: none do). */
  private final int propagateValuesUpTo;

  /**
   * How long after sending a write Redis may still apply it (ms): less than the command timeout, so
   * that a write the caller is told timed out can no longer be applied. 0: writes carry no
   * deadline.
   */
  private final long writeBudgetMillis;

  private final ServerClock clock;
  private final LongAdder corruptEntries = new LongAdder();

  /**
   * Why this node must not use the cache now (its layout in Redis changed: {@link LayoutGuard});
   * null when it may.
   */
  private volatile String refusal;

  private volatile boolean corruptionLogged;

  public RedisStore(
      ScriptExecutor executor,
      SegmentLayout layout,
      String originId,
      String publishCommand,
      long graceMillis,
      boolean oneServer,
      int propagateValuesUpTo) {
    this(
        executor,
        layout,
        originId,
        publishCommand,
        graceMillis,
        oneServer,
        propagateValuesUpTo,
        0,
        0,
        null);
  }

  /**
   * @param writeBudgetMillis how long after sending a write Redis may still apply it; 0 for no
   *     fence
   * @param serverNowMillis the server's clock read just now (seeds the deadlines' clock); 0 if
   *     unknown
   * @param connectionClock the clock of the store's connection, which every store's replies feed
   *     ({@link RedisConnection#serverTimeMillis()}); null for none
   */
  public RedisStore(
      ScriptExecutor executor,
      SegmentLayout layout,
      String originId,
      String publishCommand,
      long graceMillis,
      boolean oneServer,
      int propagateValuesUpTo,
      long writeBudgetMillis,
      long serverNowMillis,
      ServerClock connectionClock) {
    this.executor = executor;
    this.writeBudgetMillis = writeBudgetMillis;
    this.clock = new ServerClock(layout.segments(), connectionClock);
    clock.observe(-1, serverNowMillis);
    this.propagateValuesUpTo = propagateValuesUpTo;
    this.oneServer = oneServer;
    this.layout = layout;
    this.origin = originId.getBytes(StandardCharsets.UTF_8);
    this.publishCommand = publishCommand.getBytes(StandardCharsets.US_ASCII);
    this.grace = number(graceMillis);
  }

  public SegmentLayout layout() {
    return layout;
  }

  // ---- single-key calls (each builds one Call; run() sends it, the bulk forms pipeline many).
  // A write applies now, unconditionally on the version; its commitX twin applies only if the
  // entry's version is still the one a plan or read saw (0: still absent), for callers that must
  // ask first (a custom expiry policy, a writer, an entry processor).

  /** Reads an entry; {@code accessTtl} is the access expiry code to apply on a hit. */
  public ScriptExecutor.Call get(byte[] key, long accessTtl) {
    return call(LuaScript.GET, key, ANY_VERSION, false, false, number(accessTtl));
  }

  /** Whether a live entry exists; changes nothing. */
  public ScriptExecutor.Call contains(byte[] key) {
    return call(LuaScript.CONTAINS, key, ANY_VERSION, false, false);
  }

  /**
   * Writes {@code value} if {@code condition} holds; TTL codes for a creation and for an update.
   */
  public ScriptExecutor.Call put(
      byte[] key,
      byte[] value,
      PutCondition condition,
      long createTtl,
      long updateTtl,
      OldValue old) {
    return putCall(key, value, condition, createTtl, updateTtl, old, ANY_VERSION, false);
  }

  /**
   * {@link #put}, applied only if the entry's version is still {@code version} (0: still absent).
   */
  public ScriptExecutor.Call commitPut(
      byte[] key,
      byte[] value,
      PutCondition condition,
      long createTtl,
      long updateTtl,
      OldValue old,
      long version) {
    return putCall(key, value, condition, createTtl, updateTtl, old, version, false);
  }

  /** Asks what {@link #put} would do (created, updated, present, nothing), changing nothing. */
  public ScriptExecutor.Call planPut(
      byte[] key, byte[] value, PutCondition condition, OldValue old) {
    return putCall(key, value, condition, ETERNAL, UNCHANGED, old, ANY_VERSION, true);
  }

  private ScriptExecutor.Call putCall(
      byte[] key,
      byte[] value,
      PutCondition condition,
      long createTtl,
      long updateTtl,
      OldValue old,
      long expectedVersion,
      boolean plan) {
    return call(
        LuaScript.PUT,
        key,
        expectedVersion,
        plan,
        true,
        value,
        number(createTtl),
        number(updateTtl),
        flag(old == OldValue.RETURN),
        flag(condition == PutCondition.IF_ABSENT),
        flag(condition == PutCondition.IF_PRESENT),
        flag(propagateValuesUpTo > 0 && value.length <= propagateValuesUpTo));
  }

  /** Removes the entry. */
  public ScriptExecutor.Call remove(byte[] key, OldValue old) {
    return commitRemove(key, old, ANY_VERSION);
  }

  /** {@link #remove}, applied only if the entry's version is still {@code version}. */
  public ScriptExecutor.Call commitRemove(byte[] key, OldValue old, long version) {
    return call(LuaScript.REMOVE, key, version, false, true, flag(old == OldValue.RETURN));
  }

  /**
   * Removes the entry if its stored bytes equal {@code expected}; else applies {@code accessTtl}.
   */
  public ScriptExecutor.Call removeIfEquals(byte[] key, byte[] expected, long accessTtl) {
    return call(
        LuaScript.COMPARE,
        key,
        ANY_VERSION,
        false,
        true,
        expected,
        new byte[] {'r'},
        EMPTY,
        number(UNCHANGED),
        number(accessTtl));
  }

  /**
   * Replaces the entry if its stored bytes equal {@code expected}; else applies {@code accessTtl}.
   */
  public ScriptExecutor.Call replaceIfEquals(
      byte[] key, byte[] expected, byte[] newValue, long updateTtl, long accessTtl) {
    return call(
        LuaScript.COMPARE,
        key,
        ANY_VERSION,
        false,
        true,
        expected,
        new byte[] {'s'},
        newValue,
        number(updateTtl),
        number(accessTtl));
  }

  /** Applies an access expiry code to the live entry. */
  public ScriptExecutor.Call touch(byte[] key, long accessTtl) {
    return commitTouch(key, accessTtl, ANY_VERSION);
  }

  /** {@link #touch}, applied only if the entry's version is still {@code version}. */
  public ScriptExecutor.Call commitTouch(byte[] key, long accessTtl, long version) {
    return call(LuaScript.TOUCH, key, version, false, true, number(accessTtl));
  }

  /**
   * Refuses every call from now on with {@code reason} (null: accepts them again). Set by the
   * {@link LayoutGuard} while the cache's layout in Redis is not the one this store uses.
   */
  public void refuse(String reason) {
    refusal = reason;
  }

  /** Why calls are refused, or null. */
  public String refusal() {
    return refusal;
  }

  private void requireAccepted() {
    String reason = refusal;
    if (reason != null) {
      throw new CacheException(reason);
    }
  }

  public Reply run(ScriptExecutor.Call call) {
    requireAccepted();
    try {
      return reply(call, executor.run(call));
    } catch (RedisException e) {
      throw failure(e, call.fenced(), call.script().operation());
    }
  }

  public List<Reply> runAll(List<ScriptExecutor.Call> calls) {
    requireAccepted();
    List<Object> raw;
    try {
      raw = executor.runAll(calls);
    } catch (RedisException e) {
      throw failure(
          e,
          calls.stream().anyMatch(ScriptExecutor.Call::fenced),
          calls.get(0).script().operation());
    }
    List<Reply> replies = new ArrayList<>(raw.size());
    for (int i = 0; i < raw.size(); i++) {
      replies.add(reply(calls.get(i), raw.get(i)));
    }
    return replies;
  }

  /**
   * A single-key script's reply; feeds the server clock and reports bytes that were not an entry.
   */
  private Reply reply(ScriptExecutor.Call call, Object raw) {
    Reply reply = Reply.of(raw);
    clock.observe(call.segment(), reply.serverNow());
    List<?> list = (List<?>) raw;
    if (list.size() > 6 && list.get(6) instanceof Number n && n.longValue() == 1) {
      foundCorrupt();
    }
    return reply;
  }

  /** Bytes at an entry key were not an entry: read as a miss, removed or replaced by the script. */
  private void foundCorrupt() {
    corruptEntries.increment();
    if (!corruptionLogged) {
      corruptionLogged = true;
      LOG.log(
          System.Logger.Level.WARNING,
          "Cache '"
              + layout.cacheName()
              + "': found a key under its prefix"
              + " holding something that is not an entry (another type, or a string without an entry's header),"
              + " written by something other than this library; it was read as absent and removed or replaced."
              + " Further cases are counted (RedisStore#corruptEntriesFound), not logged.");
    }
  }

  /** How many times bytes that are not an entry were found at an entry key (and healed). */
  public long corruptEntriesFound() {
    return corruptEntries.sum();
  }

  /**
   * The deadline for a write of {@code segment} sent now (server ms), or 0 when writes are not
   * fenced.
   */
  private long deadline(int segment) {
    return writeBudgetMillis > 0 ? clock.deadline(segment, writeBudgetMillis) : 0;
  }

  private ScriptExecutor.Call call(
      LuaScript script,
      byte[] key,
      long expectedVersion,
      boolean plan,
      boolean write,
      byte[]... extra) {
    int segment = layout.segmentOf(key);
    Object[] args = new Object[7 + extra.length];
    args[0] = origin;
    args[1] = publishCommand;
    args[2] = layout.channel(segment);
    args[3] = key;
    args[4] = grace;
    args[5] = number(expectedVersion);
    long deadline = plan || !write ? 0 : deadline(segment);
    args[6] = plan ? PLAN : deadline == 0 ? ZERO : number(deadline);
    System.arraycopy(extra, 0, args, 7, extra.length);
    List<Object> keys =
        List.of(layout.entryKey(segment, key), layout.seqKey(segment), layout.indexKey(segment));
    return new ScriptExecutor.Call(
        script, layout.routingKey(segment), keys, args, segment, deadline != 0);
  }

  // ---- several keys per call: keys grouped by segment, groups packed into script calls

  /** Most keys one multi-key script takes (bounds how long one script holds the server). */
  private static final int MANY_SLICE = 256;

  /**
   * Reads many keys; replies in key order. Each reply's seq is its segment's sequence number when
   * the script ended (the value is current up to it), as a single-key read reports.
   */
  public List<Reply> getMany(List<byte[]> keys, long accessTtl) {
    byte[][] head = {origin, publishCommand, grace, number(accessTtl)};
    return many(keys, LuaScript.GET_MANY, head, 0, (i, args, at) -> {});
  }

  /**
   * Unconditional puts of many keys; replies in key order. Each segment's share of a call is one
   * change: one sequence number, one message listing its keys.
   */
  public List<Reply> putMany(
      List<byte[]> keys, List<byte[]> values, long createTtl, long updateTtl, boolean wantOld) {
    // The deadline (head's last element) is filled in per call, for the call's first segment.
    byte[][] head = {
      origin, publishCommand, grace, number(createTtl), number(updateTtl), flag(wantOld), ZERO
    };
    return many(keys, LuaScript.PUT_MANY, head, 1, (i, args, at) -> args[at] = values.get(i));
  }

  /** Writes key {@code i}'s arguments into {@code args} from {@code at}. */
  private interface KeyArgs {
    void put(int i, Object[] args, int at);
  }

  /**
   * Sends the keys grouped by segment ({@link BulkGroups}): one script for every segment on one
   * server, one per segment in a cluster; the calls go out pipelined, one round trip either way.
   */
  private List<Reply> many(
      List<byte[]> keys, LuaScript script, byte[][] head, int argsPerKey, KeyArgs keyArgs) {
    int n = keys.size();
    if (n == 0) {
      return List.of();
    }
    requireAccepted();
    int[] segmentOf = new int[n];
    for (int i = 0; i < n; i++) {
      segmentOf[i] = layout.segmentOf(keys.get(i));
    }
    BulkGroups plan = new BulkGroups(segmentOf, layout.segments(), MANY_SLICE, oneServer);
    List<ScriptExecutor.Call> calls = new ArrayList<>(plan.calls.size());
    for (int c = 0; c < plan.calls.size(); c++) {
      calls.add(manyCall(script, head, argsPerKey, keyArgs, keys, plan.order, plan.groupsOf(c)));
    }
    List<Object> raw;
    try {
      raw = executor.runAll(calls);
    } catch (RedisException e) {
      throw failure(e, script == LuaScript.PUT_MANY, script.operation());
    }
    Reply[] replies = new Reply[n];
    boolean entries = script == LuaScript.GET_MANY;
    for (int c = 0; c < calls.size(); c++) {
      List<?> flat = (List<?>) raw.get(c);
      List<int[]> groups = plan.groupsOf(c);
      long now = toLong(flat.get(0));
      clock.observe(groups.get(0)[0], now);
      int at = 1 + groups.size();
      for (int g = 0; g < groups.size(); g++) {
        long seq = toLong(flat.get(1 + g));
        for (int j = groups.get(g)[1]; j < groups.get(g)[2]; j++) {
          replies[plan.order[j]] =
              entries ? entryReply(flat.get(at), seq, now) : writeReply(flat, at, seq, now);
          at += entries ? 1 : 4;
        }
      }
    }
    return java.util.Arrays.asList(replies);
  }

  /** get-many: one element per key, null for a miss ({@link StoredEntryCodec}). */
  private Reply entryReply(Object element, long seq, long now) {
    if (element == StoredEntryCodec.NOT_AN_ENTRY) {
      foundCorrupt();
      element = null;
    }
    if (element == null) {
      return Reply.absent(seq, now);
    }
    StoredEntryCodec.StoredEntry e = (StoredEntryCodec.StoredEntry) element;
    return new Reply(e.status(), seq, e.version(), e.expireAt(), e.payload(), now);
  }

  /** put-many: four elements per key (status, version, expiry, old value or null). */
  private static Reply writeReply(List<?> flat, int at, long seq, long now) {
    return new Reply(
        ReplyStatus.ofCode(toLong(flat.get(at))),
        seq,
        toLong(flat.get(at + 1)),
        toLong(flat.get(at + 2)),
        (byte[]) flat.get(at + 3),
        now);
  }

  /**
   * One script call carrying {@code groups}: KEYS and ARGV as get-many.lua and put-many.lua read
   * them.
   */
  private ScriptExecutor.Call manyCall(
      LuaScript script,
      byte[][] head,
      int argsPerKey,
      KeyArgs keyArgs,
      List<byte[]> keys,
      int[] order,
      List<int[]> groups) {
    int keyCount = 0;
    for (int[] group : groups) {
      keyCount += group[2] - group[1];
    }
    List<Object> keyList = new ArrayList<>(2 * groups.size() + keyCount);
    Object[] args = new Object[head.length + 1 + 2 * groups.size() + argsPerKey * keyCount];
    System.arraycopy(head, 0, args, 0, head.length);
    boolean write = script == LuaScript.PUT_MANY;
    long deadline = write ? deadline(groups.get(0)[0]) : 0;
    if (write) {
      args[head.length - 1] = number(deadline);
    }
    args[head.length] = number(groups.size());
    int at = head.length + 1;
    for (int[] group : groups) {
      int segment = group[0];
      keyList.add(layout.seqKey(segment));
      keyList.add(layout.indexKey(segment));
      args[at++] = layout.channel(segment);
      args[at++] = number(group[2] - group[1]);
      for (int j = group[1]; j < group[2]; j++) {
        int i = order[j];
        keyList.add(layout.entryKey(segment, keys.get(i)));
        keyArgs.put(i, args, at);
        at += argsPerKey;
      }
    }
    return new ScriptExecutor.Call(
        script,
        layout.routingKey(groups.get(0)[0]),
        keyList,
        args,
        groups.get(0)[0],
        deadline != 0);
  }

  private static long toLong(Object o) {
    return o == null ? 0 : ((Number) o).longValue();
  }

  // ---- whole-cache calls

  /** Deletes every entry, segment by segment, in slices; no events, no writer (JCache clear). */
  public void clear() {
    clearSegments(false);
  }

  /** Clears the cache and removes its sequence counters: nothing of it is left in Redis. */
  public void destroy() {
    clearSegments(true);
  }

  private void clearSegments(boolean destroy) {
    requireAccepted();
    try {
      clearEachSegment(destroy);
    } catch (RedisException e) {
      throw failure(e, true, destroy ? "destroy" : "clear");
    }
  }

  private void clearEachSegment(boolean destroy) {
    byte[] slice = number(CLEAR_SLICE);
    for (int s = 0; s < layout.segments(); s++) {
      long remaining;
      do {
        // Each slice carries its own deadline: a slice that timed out is not applied later.
        Object[] args = {
          origin,
          publishCommand,
          layout.channel(s),
          layout.entryPrefix(s),
          slice,
          flag(destroy),
          number(deadline(s))
        };
        ScriptExecutor.Call call =
            new ScriptExecutor.Call(
                LuaScript.CLEAR_SEGMENT,
                layout.routingKey(s),
                List.of(layout.seqKey(s), layout.indexKey(s)),
                args);
        remaining = ((Number) ((List<?>) executor.run(call)).get(0)).longValue();
      } while (remaining > 0);
    }
  }

  /**
   * The encoded keys of every entry the index holds, segment by segment, a page at a time. Keys may
   * include entries that expired or were removed since: callers read the entries and skip what is
   * gone.
   */
  public Iterator<List<byte[]>> keyPages() {
    return new Iterator<>() {
      private int segment = 0;
      private byte[] cursor = ZERO;
      private boolean segmentDone = false;

      @Override
      public boolean hasNext() {
        return segment < layout.segments();
      }

      @Override
      public List<byte[]> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        requireAccepted();
        Object[] args = {cursor, number(SCAN_PAGE)};
        List<?> page;
        try {
          page =
              (List<?>)
                  executor.run(
                      new ScriptExecutor.Call(
                          LuaScript.SCAN_SEGMENT,
                          layout.routingKey(segment),
                          List.of(layout.indexKey(segment)),
                          args));
        } catch (RedisException e) {
          throw failure(e, false, "iteration");
        }
        cursor = (byte[]) page.get(0);
        List<byte[]> keys = new ArrayList<>(page.size() - 1);
        for (int i = 1; i < page.size(); i++) {
          keys.add((byte[]) page.get(i));
        }
        segmentDone = cursor.length == 1 && cursor[0] == '0';
        if (segmentDone) {
          segment++;
          cursor = ZERO;
        }
        return keys;
      }
    };
  }

  /**
   * Redis refused or failed a call (ACL, timeout, connection): a CacheException naming the cache,
   * what happened in this library's words ({@link RedisFailures}) and what the caller can rely on:
   * refused past its deadline means not applied; an error reply means nothing ran; a write that
   * timed out was applied before its deadline or never will be.
   */
  private CacheException failure(RedisException e, boolean write, String operation) {
    if (FencedWrites.isFenced(e)) {
      return new CacheException(
          "Cache '"
              + layout.cacheName()
              + "': "
              + operation
              + " failed: the write was not"
              + " applied: Redis received it "
              + FencedWrites.lateMillis(e)
              + " ms after its deadline ("
              + writeBudgetMillis
              + " ms after it was sent, less than the command timeout) and refused it, so that a"
              + " write its caller may already have seen fail is never applied after a newer one",
          e);
    }
    Applied applied;
    if (RedisFailures.refusedByServer(e)) {
      applied = Applied.NOT_APPLIED;
    } else if (!write) {
      applied = Applied.READ;
    } else if (writeBudgetMillis > 0) {
      applied = Applied.MAYBE_APPLIED_BEFORE_DEADLINE;
    } else {
      applied = Applied.UNKNOWN;
    }
    return RedisFailures.translate(layout.cacheName(), operation, e, applied);
  }

  static byte[] number(long n) {
    return Long.toString(n).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] flag(boolean b) {
    return b ? ONE : ZERO;
  }
}
