package io.ecsdeploy.operator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A process of the operator's image, run the way a container runtime runs it under the Helm chart's
 * settings, without a container engine: in its own mount and PID namespaces, with the image's
 * unpacked layers as root filesystem mounted read-only, an empty tmpfs on {@code /tmp} (the chart's
 * emptyDir), {@code /proc}, {@code /dev}, a read-only {@code /sys}, the host's {@code /etc/hosts}
 * and {@code /etc/resolv.conf} (as the kubelet mounts them), as the image's user (supplementary
 * groups dropped), in its working directory, with exactly the image's environment plus what the
 * caller adds. The network is the host's, so the process reaches the test API server and the AWS
 * emulators on the loopback address. Needs root, as {@code make test} runs on these machines.
 */
public final class ImageContainer implements AutoCloseable {
  private static final String SANDBOX =
      String.join(
          "\n",
          "set -eu",
          "root=$1; wd=$2; uid=$3; gid=$4; binds=$5; shift 5",
          // The sandbox's tools come from the host; the image's PATH is restored for its program.
          "image_path=$PATH",
          "export PATH=/usr/sbin:/usr/bin:/sbin:/bin",
          "unshare=$(command -v unshare)",
          // Mount points, created in the unpacked image as a runtime creates them.
          "mkdir -p \"$root/proc\" \"$root/dev\" \"$root/sys\" \"$root/tmp\"",
          "touch \"$root/etc/hosts\" \"$root/etc/resolv.conf\"",
          "printf '%s' \"$binds\" | while IFS='|' read -r from to; do",
          "  [ -n \"$from\" ] || continue",
          "  if [ -d \"$from\" ]; then mkdir -p \"$root$to\"; else mkdir -p \"$(dirname \"$root$to\")\";"
              + " touch \"$root$to\"; fi",
          "done",
          "mount --bind \"$root\" \"$root\"",
          "mount -o remount,bind,ro \"$root\"",
          "mount -t proc proc \"$root/proc\"",
          "mount --rbind /dev \"$root/dev\"",
          "mount --rbind /sys \"$root/sys\"",
          "mount -o remount,bind,ro \"$root/sys\"",
          "mount -t tmpfs -o mode=1777,size=64m tmpfs \"$root/tmp\"",
          "mount --bind -o ro /etc/hosts \"$root/etc/hosts\"",
          "mount --bind -o ro /etc/resolv.conf \"$root/etc/resolv.conf\"",
          "printf '%s' \"$binds\" | while IFS='|' read -r from to; do",
          "  [ -n \"$from\" ] || continue",
          "  mount --bind -o ro \"$from\" \"$root$to\"",
          "done",
          "export PATH=\"$image_path\"",
          "exec \"$unshare\" --root=\"$root\" --wd=\"$wd\" --setgid=\"$gid\" --setuid=\"$uid\" --"
              + " \"$@\"");

  private final Process process;
  private final Path output;

  private ImageContainer(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** What to run: by default the image's own command, environment and user. */
  public static final class Spec {
    private final OciImage image;
    private final Map<String, String> environment;
    private final Map<Path, String> readOnlyMounts = new LinkedHashMap<>();
    private List<String> command;

    private Spec(OciImage image) {
      this.image = image;
      this.environment = new LinkedHashMap<>(image.environment());
      this.command = image.command();
    }

    public Spec env(String name, String value) {
      environment.put(name, value);
      return this;
    }

    public Spec env(Map<String, String> variables) {
      environment.putAll(variables);
      return this;
    }

    /** Mounts a host file or directory read-only at {@code containerPath}. */
    public Spec mount(Path hostPath, String containerPath) {
      readOnlyMounts.put(hostPath.toAbsolutePath(), containerPath);
      return this;
    }

    public Spec command(List<String> command) {
      this.command = List.copyOf(command);
      return this;
    }

    public ImageContainer start() {
      return ImageContainer.start(this);
    }

    /** Runs to the end (at most {@code timeout}) and returns the exit code and the output. */
    public Result run(Duration timeout) {
      try (ImageContainer container = start()) {
        if (!container.waitFor(timeout)) {
          throw new AssertionError(
              command + " did not end within " + timeout + ":\n" + container.output());
        }
        return new Result(container.process.exitValue(), container.output());
      }
    }
  }

  public record Result(int exitCode, String output) {}

  public static Spec of(OciImage image) {
    return new Spec(image);
  }

  private static ImageContainer start(Spec spec) {
    if (new com.sun.security.auth.module.UnixSystem().getUid() != 0) {
      throw new IllegalStateException(
          "running the image's processes needs root (mount and PID namespaces, chroot, setuid);"
              + " make test runs as root on these machines");
    }
    String[] user = spec.image.config().get("config").get("User").asText().split(":");
    String workingDir = spec.image.config().get("config").path("WorkingDir").asText("/");
    StringBuilder binds = new StringBuilder();
    spec.readOnlyMounts.forEach(
        (from, to) -> binds.append(from).append('|').append(to).append('\n'));
    List<String> command =
        new ArrayList<>(
            List.of(
                "unshare",
                "--mount",
                "--pid",
                "--fork",
                "--kill-child",
                "--",
                "/bin/sh",
                "-c",
                SANDBOX,
                "sandbox",
                spec.image.rootfs().toString(),
                workingDir,
                user[0],
                user.length > 1 ? user[1] : user[0],
                binds.toString()));
    command.addAll(spec.command);
    try {
      Path output = Files.createTempFile("image-container", ".log");
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
      builder.environment().clear();
      builder.environment().putAll(spec.environment);
      return new ImageContainer(builder.start(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything the process wrote to stdout and stderr so far. */
  public String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public int exitCode() {
    return process.exitValue();
  }

  /**
   * The container's first process as the host sees it (PID 1 inside), once it runs the image's
   * program (not the sandbox's tools any more).
   */
  public ProcessHandle mainProcess(String programName, Duration timeout) {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      Optional<ProcessHandle> child = process.toHandle().children().findFirst();
      if (child.isPresent() && programName.equals(comm(child.get().pid()))) {
        return child.get();
      }
      if (!process.isAlive()) {
        throw new AssertionError("the container ended:\n" + output());
      }
      sleep(50);
    }
    throw new AssertionError(programName + " did not start within " + timeout + ":\n" + output());
  }

  /** A line of {@code /proc/<pid>/status}, such as {@code Uid} or {@code Groups}. */
  public static String status(ProcessHandle process, String field) {
    try {
      return Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
          .filter(line -> line.startsWith(field + ":"))
          .map(line -> line.substring(field.length() + 1).trim())
          .findFirst()
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String comm(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "comm")).trim();
    } catch (IOException gone) {
      return "";
    }
  }

  /** Stops the container: SIGTERM to its first process, as the kubelet does, then SIGKILL. */
  @Override
  public void close() {
    process.toHandle().children().forEach(ProcessHandle::destroy);
    if (!waitFor(Duration.ofSeconds(20))) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      waitFor(Duration.ofSeconds(10));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
