package io.ecsdeploy.operator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files the commands read: a path, or {@code -} for standard input. */
final class Inputs {
  static final String STDIN = "-";

  private Inputs() {}

  /** The text of {@code file} (UTF-8), or of standard input for {@code -}. */
  static String read(String file, InputStream in, String what) {
    try {
      if (STDIN.equals(file)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) {
        throw new UserError(what + " " + file + " not found");
      }
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UserError(
          "cannot read "
              + what
              + " "
              + (STDIN.equals(file) ? "from standard input" : file)
              + ": "
              + e);
    }
  }
}
