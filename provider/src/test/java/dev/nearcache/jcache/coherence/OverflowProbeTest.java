package dev.nearcache.jcache.coherence;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCache;
import dev.nearcache.jcache.near.CoherentNearPath;
import dev.nearcache.near.ClearCause;
import dev.nearcache.near.NearTier;
import dev.nearcache.serialization.KeyEncoder;
import dev.nearcache.testing.RedisServer;
import dev.nearcache.testing.RespClient;
import java.lang.reflect.Field;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.locks.LockSupport;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.MutableConfiguration;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.RTopic;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.ByteArrayCodec;

/** TEMPORARY diagnosis of the (c) violation: timelines of one node's segment around stale reads. */
class OverflowProbeTest {
  static final List<String> timeline = Collections.synchronizedList(new ArrayList<>());

  static Object field(Object o, String name) throws Exception {
    Class<?> c = o.getClass();
    while (c != null) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(o);
      } catch (NoSuchFieldException e) {
        c = c.getSuperclass();
      }
    }
    throw new NoSuchFieldException(name);
  }

  static void log(int node, int seg, String what) {
    timeline.add(EventBuffer.nowMicros() + " n" + node + " s" + seg + " " + what);
  }

  @Test
  void probe() throws Exception {
    for (int round = 0; round < 1; round++) {
      if (runOnce(round)) {
        break;
      }
    }
  }

  boolean runOnce(int round) throws Exception {
    timeline.clear();
    try (RedisServer server = RedisServer.start()) {
      int nodes = 3;
      List<CacheManager> ms = new ArrayList<>();
      List<Cache<Object, Object>> caches = new ArrayList<>();
      List<NearTier> tiers = new ArrayList<>();
      KeyEncoder enc = null;
      for (int i = 0; i < nodes; i++) {
        Properties p = new Properties();
        p.setProperty("redis.address", server.uri());
        p.setProperty("redis.timeout", "1s");
        p.setProperty("defaults.near-cache.reconciliation-interval", "200ms");
        CacheManager m = new NearCachingProvider().getCacheManager(URI.create("urn:probe-" + i), getClass().getClassLoader(), p);
        ms.add(m);
        Cache<Object, Object> c = m.createCache("probe", new MutableConfiguration<>());
        caches.add(c);
        RedisCache<?, ?> rc = c.unwrap(RedisCache.class);
        tiers.add(((CoherentNearPath) field(rc, "near")).tier());
        enc = (KeyEncoder) field(rc, "keys");
        RedissonClient r = ((dev.nearcache.jcache.redis.RedisConnection) field(m, "connection")).client();
        int node = i;
        for (int s = 0; s < 16; s++) {
          int seg = s;
          RTopic t = r.getShardedTopic("nc:{probe#" + s + "}c", ByteArrayCodec.INSTANCE);
          t.addListener(byte[].class, (ch, msg) -> {
            String text = new String(msg, StandardCharsets.ISO_8859_1);
            String[] parts = text.split("\\|", 5);
            log(node, seg, "msg seq=" + parts[0] + " keyHex=" + HexFormat.of().formatHex(Arrays.copyOfRange(msg, text.lastIndexOf('|', text.length()) < 0 ? 0 : 0, 0)) + " tail=" + parts[4].length());
          });
          t.addListener(new StatusListener() {
            public void onSubscribe(String ch) { log(node, seg, "onSubscribe"); }
            public void onUnsubscribe(String ch) { log(node, seg, "onUnsubscribe"); }
          });
        }
      }
      // Sampler: live flags and clear counters of every node.
      long end = System.currentTimeMillis() + 8000;
      Thread sampler = new Thread(() -> {
        boolean[][] live = new boolean[nodes][16];
        long[][] clears = new long[nodes][ClearCause.values().length];
        while (System.currentTimeMillis() < end + 200) {
          for (int n = 0; n < nodes; n++) {
            NearTier t = tiers.get(n);
            for (int s = 0; s < 16; s++) {
              boolean l = t.isLive(s);
              if (l != live[n][s]) { live[n][s] = l; log(n, s, "live=" + l); }
            }
            for (ClearCause cc : ClearCause.values()) {
              long v = t.metrics().clears(cc);
              if (v != clears[n][cc.ordinal()]) { log(n, -1, "clears " + cc + " " + clears[n][cc.ordinal()] + "->" + v); clears[n][cc.ordinal()] = v; }
            }
          }
          LockSupport.parkNanos(500_000);
        }
      });
      sampler.setDaemon(true);
      sampler.start();
      try (RespClient admin = server.client()) {
        admin.call("CONFIG", "SET", "client-output-buffer-limit", "pubsub 256 128 1");
      }
      Thread noise = new Thread(() -> {
        String pad = "x".repeat(32 * 1024);
        int i = 0;
        long next = System.currentTimeMillis() + 200;
        while (next < end - 300) {
          CoherenceCheckerTest.Fault.sleepUntil(next);
          caches.get(0).put("noise-" + (i++ % 64) + pad, 1L);
          log(-1, -1, "NOISE write done");
          next += 400;
        }
      });
      noise.setDaemon(true);
      noise.start();
      List<EventBuffer> events = new ArrayList<>();
      List<Thread> ts = new ArrayList<>();
      List<Workload.Outcome> outs = Collections.synchronizedList(new ArrayList<>());
      for (int n = 0; n < nodes; n++) {
        int node = n;
        Thread t = new Thread(() -> {
          try {
            outs.add(Workload.run(caches.get(node), node, new Workload.Plan(end, 200, 6, node * 2, 2, 2, 1_500_000, 300_000, 50_000)));
          } catch (InterruptedException e) {
            throw new RuntimeException(e);
          }
        });
        ts.add(t);
        t.start();
      }
      for (Thread t : ts) t.join();
      noise.join();
      sampler.join();
      outs.forEach(o -> events.addAll(o.buffers()));
      StalenessChecker.Result r = StalenessChecker.check(200, events, 300_000, 120_000);
      System.out.println("PROBE round " + round + " reads=" + r.reads + " outdated=" + r.outdatedReads + " max=" + r.maxStalenessMicros
          + " viol300=" + r.violations[0] + " viol200=" + r.violations[1]);
      List<StalenessChecker.Violation> vs = r.examples.get(1);
      for (StalenessChecker.Violation v : vs.subList(0, Math.min(2, vs.size()))) {
        int seg = KeyEncoder.segmentOf(enc.encode(v.key()), 16);
        System.out.println("PROBE violation " + v + " segment " + seg);
        List<String> copy;
        synchronized (timeline) { copy = new ArrayList<>(timeline); }
        for (String line : copy) {
          String[] w = line.split(" ", 4);
          long t = Long.parseLong(w[0]);
          boolean relevant = (w[1].equals("n" + v.node()) && (w[2].equals("s" + seg) || w[2].equals("s-1"))) || w[1].equals("n-1");
          if (relevant && t > v.newerAckMicros() - 450_000 && t < v.readStartMicros() + 30_000) {
            System.out.println("PROBE   " + (t - v.newerAckMicros()) / 1000.0 + "ms " + line.substring(line.indexOf(' ') + 1));
          }
        }
      }
      for (CacheManager m : ms) m.close();
      return !vs.isEmpty();
    }
  }
}
