package dev.nearcache.jcache.internal.redis;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes Redisson's tuning advice from a message: it names Redisson settings this library does not
 * expose (nettyThreads, subscriptionsPerConnection, retryAttempts) and mostly misleads (a server
 * that is down is not cured by more Netty threads). The texts are those of Redisson 3.52
 * (RedisExecutor, PublishSubscribeService, ServiceManager, ClusterConnectionManager).
 */
final class RedissonHints {
  private static final List<Pattern> HINTS =
      List.of(
          Pattern.compile("Check CPU usage of the JVM\\.\\s*"),
          Pattern.compile(
              "Check that there are no blocking invocations in async/reactive/rx listeners or"
                  + " subscribeOnElements method\\.\\s*"),
          Pattern.compile(
              "\\s*Check connection with Redis node: \\S+ for TCP packet drops( or bandwidth limits)?\\.\\s*"),
          Pattern.compile("\\s*Try to increase [^.]*\\.\\s*"),
          Pattern.compile("Increase connection pool size( or timeout)?\\.\\s*"),
          Pattern.compile("\\s*Set check\\w+ = false to avoid this check\\.\\s*"),
          Pattern.compile("\\s*Netty pending tasks: \\d+,\\s*"));

  private RedissonHints() {}

  static String strip(String message) {
    if (message == null) {
      return "";
    }
    String s = message;
    for (Pattern hint : HINTS) {
      s = hint.matcher(s).replaceAll(" ");
    }
    return s.replaceAll("\\s{2,}", " ").trim();
  }
}
