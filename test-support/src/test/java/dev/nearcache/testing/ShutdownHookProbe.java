package dev.nearcache.testing;

/**
 * Run in a child JVM by {@link ShutdownHookTest}: starts a server, prints its pid and port, and
 * leaves without closing it, the way a crashed test run would.
 */
public final class ShutdownHookProbe {
  private ShutdownHookProbe() {}

  public static void main(String[] args) {
    RedisServer redis = RedisServer.start();
    System.out.println(
        "pid=" + redis.pid() + " port=" + redis.port() + " binary=" + redis.binary());
    System.out.flush();
    if (args.length > 0 && args[0].equals("throw")) {
      throw new IllegalStateException("a test run that crashes");
    }
    System.exit(3);
  }
}
