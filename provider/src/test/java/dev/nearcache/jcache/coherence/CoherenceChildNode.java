package dev.nearcache.jcache.coherence;

import dev.nearcache.jcache.NearCachingProvider;
import dev.nearcache.jcache.RedisCache;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import javax.cache.Cache;
import javax.cache.CacheManager;

/**
 * A node of the coherence check in its own JVM. Arguments: node index, then the manager's
 * properties as {@code name=value} words. Reads commands on stdin, answers on stdout (logging goes
 * to stderr):
 *
 * <pre>
 * PREPARE cacheName                 -> PREPARED nearHits=... (the cache is open, the near tier subscribed)
 * RUN eventsFile plan...            -> DONE writeFailures=.. readFailures=.. foreign=.. stuck=.. nearHits=..
 *                                      (events in eventsFile, see EventBuffer; the cache is closed after)
 * EXIT                              -> BYE
 * </pre>
 *
 * Any failure answers {@code ERROR message}. The child exits when stdin closes (parent gone).
 */
public final class CoherenceChildNode {
  private CoherenceChildNode() {}

  public static void main(String[] args) throws Exception {
    PrintStream out =
        new PrintStream(
            new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    // Nothing else may print on stdout: it carries the protocol.
    System.setOut(System.err);
    int node = Integer.parseInt(args[0]);
    Properties props = new Properties();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      props.setProperty(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    CacheManager manager =
        new NearCachingProvider()
            .getCacheManager(
                URI.create("urn:coherence-node-" + node),
                CoherenceChildNode.class.getClassLoader(),
                props);
    out.println("READY");
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Cache<Object, Object> cache = null;
    try {
      String line;
      while ((line = in.readLine()) != null) {
        String[] w = line.trim().split(" ");
        try {
          switch (w[0]) {
            case "PREPARE" -> {
              cache = CoherenceCheckerTest.openCache(manager, w[1]);
              out.println(
                  "PREPARED "
                      + NearSnapshot.of(cache.unwrap(RedisCache.class).nearCacheMetrics())
                          .encode());
            }
            case "RUN" -> {
              Path file = Path.of(w[1]);
              Workload.Plan plan = Workload.Plan.decode(w, 2);
              Workload.Outcome outcome;
              StringBuilder stallText = new StringBuilder();
              long maxStall;
              try (StallMeter meter = new StallMeter("child-" + node)) {
                outcome = Workload.run(cache, node, plan);
                maxStall = meter.maxMicros();
                for (long[] st : meter.stalls()) {
                  if (stallText.length() < 4000) {
                    stallText
                        .append(stallText.length() == 0 ? "" : ";")
                        .append(st[0])
                        .append('-')
                        .append(st[1]);
                  }
                }
              }
              try (DataOutputStream data =
                  new DataOutputStream(
                      new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
                data.writeInt(outcome.buffers().size());
                for (EventBuffer b : outcome.buffers()) {
                  b.writeTo(data);
                }
              }
              NearSnapshot metrics =
                  NearSnapshot.of(cache.unwrap(RedisCache.class).nearCacheMetrics());
              cache.close();
              cache = null;
              out.println(
                  "DONE writeFailures="
                      + outcome.writeFailures()
                      + " readFailures="
                      + outcome.readFailures()
                      + " foreign="
                      + outcome.foreignValues()
                      + " stuck="
                      + outcome.threadsStuck()
                      + " maxStall="
                      + maxStall
                      + " stalls="
                      + (stallText.length() == 0 ? "-" : stallText)
                      + " "
                      + metrics.encode());
            }
            case "EXIT" -> {
              out.println("BYE");
              return;
            }
            default -> out.println("ERROR unknown command " + line);
          }
        } catch (Exception | Error e) {
          e.printStackTrace();
          out.println("ERROR " + e.toString().replace('\n', ' '));
        }
      }
    } finally {
      manager.close();
      out.flush();
      // Redisson's threads must not keep the JVM alive.
      System.exit(0);
    }
  }
}
