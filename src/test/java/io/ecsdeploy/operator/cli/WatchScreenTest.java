package io.ecsdeploy.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatchScreenTest {
  private static final Instant AT = Instant.parse("2026-11-26T12:00:05Z");
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void onATerminalEachViewReplacesTheLastInPlace() {
    WatchScreen screen = new WatchScreen(out, true);

    screen.show("Status: InProgress\nPhase: Install\n");
    screen.show("Status: Succeeded\n");

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "Status: InProgress\nPhase: Install\n" + "\u001b[2A\r\u001b[J" + "Status: Succeeded\n");
  }

  @Test
  void elsewhereEachViewIsANewBlockWithoutEscapeCodes() {
    WatchScreen screen = new WatchScreen(out, false);

    screen.show(WatchScreen.frame("Phase: Install\n", AT, false));
    screen.show(WatchScreen.frame("Phase: AllowTraffic\n", AT.plusSeconds(30), false));

    assertThat(printed.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "--- 2026-11-26 12:00:05Z ---\nPhase: Install\n"
                + "\n--- 2026-11-26 12:00:35Z ---\nPhase: AllowTraffic\n")
        .doesNotContain("\u001b");
  }

  @Test
  void onATerminalTheFrameSaysWhenItWasDrawnAndHowToLeave() {
    assertThat(WatchScreen.frame("Phase: Install\n", AT, true))
        .isEqualTo(
            "Phase: Install\n\nUpdated 2026-11-26 12:00:05Z; until the deployment ends (Ctrl-C"
                + " to stop watching).\n");
  }
}
