package dev.nearcache.jcache.coherence;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The parent's handle on a {@link CoherenceChildNode} process: line commands on stdin, answers on
 * stdout.
 */
final class ChildNode implements AutoCloseable {
  private static final String EOF = "\u0000EOF";

  final int node;
  private final Process process;
  private final BufferedWriter stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Path stderr;

  private ChildNode(int node, Process process, Path stderr) {
    this.node = node;
    this.process = process;
    this.stderr = stderr;
    this.stdin =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException ignored) {
                // the process ended
              } finally {
                lines.add(EOF);
              }
            },
            "coherence-child-" + node + "-stdout");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts a child JVM with this JVM's java binary and class path; returns once it reported READY.
   */
  static ChildNode start(int node, Properties props, Path dir) throws IOException {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> cmd =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx512m",
                "-Xss512k",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                CoherenceChildNode.class.getName(),
                Integer.toString(node)));
    for (String name : props.stringPropertyNames()) {
      cmd.add(name + "=" + props.getProperty(name));
    }
    Files.createDirectories(dir);
    Path err = dir.resolve("child-" + node + ".stderr.log");
    Process p =
        new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.to(err.toFile())).start();
    ChildNode child = new ChildNode(node, p, err);
    try {
      child.await("READY", 60_000);
    } catch (RuntimeException e) {
      child.close();
      throw e;
    }
    return child;
  }

  /** Sends one command line. */
  void send(String command) {
    try {
      stdin.write(command);
      stdin.newLine();
      stdin.flush();
    } catch (IOException e) {
      throw new IllegalStateException(
          "child " + node + " does not take commands: " + e + "\n" + stderrTail(), e);
    }
  }

  /** Waits for the next answer; it must start with {@code prefix}. Returns the rest of the line. */
  String await(String prefix, long timeoutMillis) {
    String line;
    try {
      line = lines.poll(timeoutMillis, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for child " + node, e);
    }
    if (line == null) {
      throw new IllegalStateException(
          "child "
              + node
              + " did not answer "
              + prefix
              + " within "
              + timeoutMillis
              + " ms\n"
              + stderrTail());
    }
    if (line.equals(EOF)) {
      lines.add(EOF);
      throw new IllegalStateException(
          "child "
              + node
              + " ended (alive="
              + process.isAlive()
              + ") before "
              + prefix
              + "\n"
              + stderrTail());
    }
    if (!line.startsWith(prefix)) {
      throw new IllegalStateException(
          "child " + node + " answered '" + line + "', expected " + prefix + "\n" + stderrTail());
    }
    return line.substring(prefix.length()).trim();
  }

  String stderrTail() {
    try {
      String text = Files.exists(stderr) ? Files.readString(stderr) : "";
      return "--- child "
          + node
          + " stderr (tail) ---\n"
          + (text.length() > 6000 ? "..." + text.substring(text.length() - 6000) : text);
    } catch (IOException e) {
      return "(cannot read " + stderr + ")";
    }
  }

  /** Asks the child to exit; kills it if it does not within a few seconds. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        send("EXIT");
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (RuntimeException ignored) {
      // kill below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (process.isAlive()) {
        process.destroy();
        try {
          if (!process.waitFor(3, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          process.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
