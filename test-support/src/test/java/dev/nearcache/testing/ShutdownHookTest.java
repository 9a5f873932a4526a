package dev.nearcache.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShutdownHookTest {

  @ParameterizedTest
  @ValueSource(strings = {"exit", "throw"})
  void aJvmThatDiesWithoutClosingLeavesNoServer(String how) throws Exception {
    Matcher m = runProbe(how, false);
    long pid = Long.parseLong(m.group(1));
    int port = Integer.parseInt(m.group(2));

    assertFalse(
        ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
        "redis-server " + pid + " outlived its JVM");
    assertFalse(RedisServerTest.accepts(port), "port " + port + " still open");
  }

  @Test
  void withoutRedisServerOnThePathTheEmbeddedBinaryIsUsed() throws Exception {
    Matcher m = runProbe("exit", true);
    String binary = m.group(3);
    assertTrue(binary.contains("nearcache-redis-bin-"), binary);
    assertFalse(Files.exists(Path.of(binary)), "extracted binary deleted at exit: " + binary);
    assertFalse(Files.exists(Path.of(binary).getParent()), "and its directory: " + binary);
  }

  private static Matcher runProbe(String how, boolean emptyPath) throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ShutdownHookProbe.class.getName(),
                how)
            .redirectErrorStream(true);
    if (emptyPath) {
      pb.environment().put("PATH", "/nonexistent");
      pb.environment().remove(RedisServer.BINARY_ENV);
    }
    Process child = pb.start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "probe JVM did not exit");
    Matcher m = Pattern.compile("pid=(\\d+) port=(\\d+) binary=(\\S+)").matcher(output);
    assertTrue(m.find(), output);
    return m;
  }
}
