package dev.nearcache.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** The PNG chart: throughput and p99 latency per workload and peer, log scales, plain Java2D. */
final class Chart {
  private static final int WIDTH = 1600;
  private static final int HEIGHT = 1080;
  private static final Map<Peer, Color> COLORS =
      new EnumMap<>(
          Map.of(
              Peer.NEAR_ON, new Color(0x1f5fbf),
              Peer.NEAR_OFF, new Color(0x8fb4ea),
              Peer.REDISSON_JCACHE, new Color(0xe08a1e),
              Peer.REDISSON_LOCAL_CACHED_MAP, new Color(0xc23b3b),
              Peer.CAFFEINE_JCACHE, new Color(0x2e9e5b),
              Peer.REDIS_GET, new Color(0x7a7a7a)));

  private Chart() {}

  static void write(Results r, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 24));
      g.drawString("nearcache vs peers: two nodes over one Redis", 40, 42);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
      RunConfig c = r.config();
      g.drawString(
          String.format(
              Locale.ROOT,
              "%d CPUs (%s), %s; %,d keys, %,d-byte values, 2 benchmark threads (one per node); redis-server %s on loopback%s",
              r.machine().cpus(),
              r.machine().cpuModel(),
              r.machine().jdk(),
              c.keys,
              c.valueSize,
              r.redisVersion(),
              c.smoke ? "; SMOKE RUN, numbers meaningless" : ""),
          40,
          68);
      legend(g, c.peers, 40, 92);
      List<Results.Measurement> ms = r.measurements();
      panel(
          g,
          r,
          "Throughput, operations per second (log scale; higher is better; getAll/putAll: calls of 100 keys)",
          120,
          470,
          Results.Measurement::typicalOps,
          Fmt::opsShort,
          false);
      panel(
          g,
          r,
          "p99 latency (log scale; lower is better)",
          610,
          470,
          Results.Measurement::p99Nanos,
          Fmt::nanos,
          true);
      if (ms.isEmpty()) {
        g.setColor(Color.RED);
        g.drawString("JMH was not run", WIDTH / 2 - 60, HEIGHT / 2);
      }
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer");
    }
  }

  private static void legend(Graphics2D g, List<Peer> peers, int x, int y) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    FontMetrics fm = g.getFontMetrics();
    for (Peer p : peers) {
      g.setColor(COLORS.get(p));
      g.fillRect(x, y - 12, 16, 14);
      g.setColor(Color.BLACK);
      g.drawString(p.label(), x + 22, y);
      x += 22 + fm.stringWidth(p.label()) + 28;
    }
  }

  private static void panel(
      Graphics2D g,
      Results r,
      String title,
      int top,
      int height,
      ToDoubleFunction<Results.Measurement> metric,
      DoubleFunction<String> label,
      boolean latency) {
    RunConfig c = r.config();
    int left = 110;
    int right = WIDTH - 30;
    int plotTop = top + 40;
    int plotBottom = top + height - 50;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
    g.drawString(title, left, top + 22);

    double min = Double.MAX_VALUE;
    double max = 0;
    for (Results.Measurement m : r.measurements()) {
      double v = metric.applyAsDouble(m);
      if (v > 0 && !Double.isNaN(v)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (max == 0) {
      min = 1;
      max = 10;
    }
    int lo = (int) Math.floor(Math.log10(min) - 0.25); // the smallest bar keeps a visible height
    int hi = (int) Math.ceil(Math.log10(max) + 0.15);
    if (hi <= lo) {
      hi = lo + 1;
    }
    int finalLo = lo;
    int finalHi = hi;
    java.util.function.DoubleToIntFunction y =
        v -> {
          double f = (Math.log10(v) - finalLo) / (finalHi - finalLo);
          return (int) Math.round(plotBottom - f * (plotBottom - plotTop));
        };

    // grid and axis labels, one per decade
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    FontMetrics fm = g.getFontMetrics();
    for (int d = lo; d <= hi; d++) {
      double v = Math.pow(10, d);
      int yy = y.applyAsInt(v);
      g.setColor(new Color(0xdddddd));
      g.setStroke(new BasicStroke(1f));
      g.drawLine(left, yy, right, yy);
      g.setColor(Color.DARK_GRAY);
      String text = latency ? Fmt.nanos(v) : Fmt.opsShort(v);
      g.drawString(text, left - 10 - fm.stringWidth(text), yy + 5);
    }
    g.setColor(Color.BLACK);
    g.drawLine(left, plotTop, left, plotBottom);
    g.drawLine(left, plotBottom, right, plotBottom);

    List<String> workloads = new ArrayList<>(c.workloads);
    List<Peer> peers = c.peers;
    int groupWidth = (right - left) / Math.max(1, workloads.size());
    int barWidth = Math.min(44, (groupWidth - 30) / Math.max(1, peers.size()));
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    FontMetrics bold = g.getFontMetrics();
    for (int w = 0; w < workloads.size(); w++) {
      int gx = left + w * groupWidth;
      int barsWidth = barWidth * peers.size();
      int x0 = gx + (groupWidth - barsWidth) / 2;
      String name = Report.workloadTitle(workloads.get(w));
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(name, gx + (groupWidth - bold.stringWidth(name)) / 2, plotBottom + 24);
      for (int p = 0; p < peers.size(); p++) {
        Results.Measurement m = r.find(workloads.get(w), peers.get(p));
        if (m == null) {
          continue;
        }
        double v = metric.applyAsDouble(m);
        if (!(v > 0)) {
          continue;
        }
        int x = x0 + p * barWidth;
        int yy = y.applyAsInt(v);
        g.setColor(COLORS.get(peers.get(p)));
        g.fillRect(x + 2, yy, barWidth - 4, plotBottom - yy);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics small = g.getFontMetrics();
        String text = label.apply(v);
        // value labels rotated, so that neighbours never overlap
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.translate(x + barWidth / 2 + 4, yy - 4);
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(text, 0, 0);
        rotated.dispose();
        if (small.stringWidth(text) < 0) {
          throw new IllegalStateException();
        }
      }
    }
  }
}
