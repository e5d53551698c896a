package io.ecsdeploy.operator.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The benchmark's chart: throughput (deployments per minute) and latency (the time for all N to
 * succeed, and a reconcile's own time at p99) against N, on a log scale of N. Drawn with the JDK
 * alone, headless.
 */
final class BenchChart {
  private static final int PANEL_WIDTH = 460;
  private static final int HEIGHT = 360;
  private static final int MARGIN = 60;

  private BenchChart() {}

  /** One point of the chart. */
  record Point(int size, double deploymentsPerMinute, double secondsToAll, double ownP99Millis) {}

  static void write(Path file, List<Point> points, String subtitle) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image =
        new BufferedImage(PANEL_WIDTH * 2, HEIGHT + 30, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, image.getWidth(), image.getHeight());
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(subtitle, 10, HEIGHT + 20);
    panel(
        g,
        0,
        "Throughput: deployments per minute",
        points,
        List.of(
            new Series("zero-wait AllAtOnce", new Color(0x1f77b4), Point::deploymentsPerMinute)));
    panel(
        g,
        PANEL_WIDTH,
        "Latency",
        points,
        List.of(
            new Series("s until all N succeeded", new Color(0xd62728), Point::secondsToAll),
            new Series("reconcile own time p99, ms", new Color(0x2ca02c), Point::ownP99Millis)));
    g.dispose();
    try {
      ImageIO.write(image, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Series(String name, Color color, ToDoubleFunction<Point> value) {}

  private static void panel(
      Graphics2D g, int left, String title, List<Point> points, List<Series> series) {
    int x0 = left + MARGIN;
    int x1 = left + PANEL_WIDTH - 20;
    int y0 = HEIGHT - MARGIN;
    int y1 = 40;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(title, x0, 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.drawLine(x0, y0, x1, y0);
    g.drawLine(x0, y0, x0, y1);
    double maxY = 0;
    for (Series s : series) {
      for (Point p : points) {
        double v = s.value().applyAsDouble(p);
        if (Double.isFinite(v)) {
          maxY = Math.max(maxY, v);
        }
      }
    }
    maxY = maxY <= 0 ? 1 : maxY * 1.1;
    int minN = points.stream().mapToInt(Point::size).min().orElse(1);
    int maxN = points.stream().mapToInt(Point::size).max().orElse(10);
    double logMin = Math.log10(Math.max(1, minN));
    double logMax = Math.max(logMin + 1, Math.log10(maxN));
    for (int tick = 0; tick <= 4; tick++) {
      double value = maxY * tick / 4;
      int y = y0 - (int) ((y0 - y1) * tick / 4.0);
      g.setColor(new Color(0xdddddd));
      g.drawLine(x0 + 1, y, x1, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format("%.0f", value), left + 5, y + 4);
    }
    for (Point p : points) {
      int x = x(p.size(), logMin, logMax, x0, x1);
      g.drawString("N=" + p.size(), x - 15, y0 + 18);
    }
    int legend = 0;
    for (Series s : series) {
      g.setColor(s.color());
      g.setStroke(new BasicStroke(2));
      int previousX = -1;
      int previousY = -1;
      for (Point p : points) {
        double v = s.value().applyAsDouble(p);
        if (!Double.isFinite(v)) {
          continue;
        }
        int x = x(p.size(), logMin, logMax, x0, x1);
        int y = y0 - (int) ((y0 - y1) * v / maxY);
        g.fillOval(x - 4, y - 4, 8, 8);
        if (previousX >= 0) {
          g.drawLine(previousX, previousY, x, y);
        }
        previousX = x;
        previousY = y;
      }
      g.drawString(s.name(), x0 + 10, y0 + 36 + 14 * legend++);
    }
    g.setStroke(new BasicStroke(1));
  }

  private static int x(int size, double logMin, double logMax, int x0, int x1) {
    double fraction = (Math.log10(Math.max(1, size)) - logMin) / (logMax - logMin);
    return x0 + 20 + (int) ((x1 - x0 - 40) * fraction);
  }
}
