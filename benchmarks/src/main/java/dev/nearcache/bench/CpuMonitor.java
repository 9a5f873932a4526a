package dev.nearcache.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Watches, once a second, how much CPU the machine spends outside this run (this JVM, its JMH forks
 * and its redis-server): on a shared 2-core machine other work is the main source of noise, so the
 * report states it. Linux only (reads /proc); elsewhere it reports nothing.
 */
final class CpuMonitor implements AutoCloseable {
  private static final double TICKS = 100.0; // USER_HZ

  /** CPU seconds over an interval, and the busiest 5 s of other processes (in cores). */
  record Usage(
      double seconds, double machineBusy, double ours, double foreign, double peakForeignCores)
      implements java.io.Serializable {
    double foreignShare() {
      return seconds <= 0 ? 0 : foreign / (seconds * Runtime.getRuntime().availableProcessors());
    }
  }

  private final Thread thread;
  private final Deque<double[]> window = new ArrayDeque<>();
  private volatile boolean running = true;
  private volatile double peakForeign;
  private final boolean available;

  CpuMonitor() {
    available =
        Files.isReadable(Path.of("/proc/stat")) && Files.isReadable(Path.of("/proc/self/stat"));
    thread = new Thread(this::loop, "bench-cpu-monitor");
    thread.setDaemon(true);
    if (available) {
      thread.start();
    }
  }

  /** A snapshot: {nanoTime, machine busy ticks, our ticks}. */
  double[] snapshot() {
    if (!available) {
      return new double[] {System.nanoTime(), 0, 0};
    }
    return new double[] {System.nanoTime(), machineBusyTicks(), ourTicks()};
  }

  /** Usage between a snapshot and now; the peak is over the monitor's whole life so far. */
  Usage since(double[] start) {
    double[] now = snapshot();
    double seconds = (now[0] - start[0]) / 1e9;
    double busy = (now[1] - start[1]) / TICKS;
    double ours = (now[2] - start[2]) / TICKS;
    return new Usage(seconds, busy, ours, Math.max(0, busy - ours), peakForeign);
  }

  void resetPeak() {
    peakForeign = 0;
  }

  private void loop() {
    while (running) {
      double[] s = snapshot();
      synchronized (window) {
        window.addLast(s);
        while (window.size() > 6) {
          window.removeFirst();
        }
        double[] first = window.peekFirst();
        double seconds = (s[0] - first[0]) / 1e9;
        if (seconds >= 4.5) {
          double foreign = Math.max(0, (s[1] - first[1]) - (s[2] - first[2])) / TICKS / seconds;
          peakForeign = Math.max(peakForeign, foreign);
        }
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static double machineBusyTicks() {
    try {
      String line =
          Files.readAllLines(Path.of("/proc/stat"))
              .get(0); // cpu user nice system idle iowait irq softirq steal
      String[] f = line.trim().split("\\s+", -1);
      double busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) { // idle, iowait
          busy += Double.parseDouble(f[i]);
        }
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /**
   * This JVM, its reaped children (finished JMH forks) and its live descendants (the fork,
   * redis-server).
   */
  private static double ourTicks() {
    double[] self = stat(Path.of("/proc/self/stat"), true);
    double total = self[0];
    for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
      total += stat(Path.of("/proc", Long.toString(p.pid()), "stat"), false)[0];
    }
    return total;
  }

  /** utime + stime (+ cutime + cstime when asked) in ticks. */
  private static double[] stat(Path file, boolean withChildren) {
    try {
      String s = Files.readString(file);
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ", -1); // f[0] is field 3 (state)
      double ticks = Double.parseDouble(f[11]) + Double.parseDouble(f[12]); // utime, stime
      if (withChildren) {
        ticks += Double.parseDouble(f[13]) + Double.parseDouble(f[14]); // cutime, cstime
      }
      return new double[] {ticks};
    } catch (IOException | RuntimeException e) {
      return new double[] {0};
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
