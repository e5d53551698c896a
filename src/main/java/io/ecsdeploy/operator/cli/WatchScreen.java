package io.ecsdeploy.operator.cli;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Where {@code status --watch} draws: on a terminal, each view replaces the last in place (ANSI
 * cursor-up and clear-to-end); elsewhere (a pipe, a file, CI logs) each view is a new block under a
 * line with its time, and no escape codes are written.
 */
final class WatchScreen {
  static final String ESCAPE = "\u001b[";

  private final PrintStream out;
  private final boolean terminal;
  private int linesShown;
  private boolean shownAny;

  WatchScreen(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  /** The view as shown at {@code at}: with a footer on a terminal, under a header elsewhere. */
  static String frame(String view, Instant at, boolean terminal) {
    String time = Text.time(at.toString());
    return terminal
        ? view + "\nUpdated " + time + "; until the deployment ends (Ctrl-C to stop watching).\n"
        : "--- " + time + " ---\n" + view;
  }

  void show(String frame) {
    if (terminal && linesShown > 0) {
      out.print(ESCAPE + linesShown + "A\r" + ESCAPE + "J");
    } else if (!terminal && shownAny) {
      out.print("\n");
    }
    out.print(frame);
    out.flush();
    linesShown = (int) frame.chars().filter(c -> c == '\n').count();
    shownAny = true;
  }
}
