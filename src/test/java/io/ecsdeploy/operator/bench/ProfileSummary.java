package io.ecsdeploy.operator.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where an operator's CPU went, from a Java Flight Recorder recording: its execution samples by the
 * code they were in (the top frame's library), and its GC pauses.
 */
final class ProfileSummary {
  private ProfileSummary() {}

  /** Libraries by package prefix, first match wins. */
  private static final Map<String, String> LIBRARIES = libraries();

  private static Map<String, String> libraries() {
    Map<String, String> libraries = new LinkedHashMap<>();
    libraries.put("io.ecsdeploy.", "the operator's own code");
    libraries.put("io.javaoperatorsdk.", "java-operator-sdk");
    libraries.put("io.fabric8.", "fabric8 Kubernetes client");
    libraries.put("okhttp3.", "HTTP client (Kubernetes)");
    libraries.put("io.vertx.", "HTTP client (Kubernetes)");
    libraries.put("io.netty.", "HTTP client (Kubernetes)");
    libraries.put("com.fasterxml.jackson.", "JSON and YAML (Jackson)");
    libraries.put("software.amazon.", "AWS SDK");
    libraries.put("org.apache.http.", "HTTP client (AWS)");
    libraries.put("io.micrometer.", "metrics (Micrometer)");
    libraries.put("sun.security.", "TLS and crypto (JDK)");
    libraries.put("javax.crypto.", "TLS and crypto (JDK)");
    libraries.put("com.sun.crypto.", "TLS and crypto (JDK)");
    libraries.put("java.", "JDK");
    libraries.put("javax.", "JDK");
    libraries.put("jdk.", "JDK");
    libraries.put("sun.", "JDK");
    return libraries;
  }

  /** The shares of execution samples by library, largest first, and the GC pauses' total. */
  record Profile(long samples, Map<String, Double> shareByLibrary, Duration gcPauses) {
    String describe() {
      if (samples == 0) {
        return "no execution samples";
      }
      return shareByLibrary.entrySet().stream()
              .limit(6)
              .map(e -> String.format("%s %.0f%%", e.getKey(), e.getValue() * 100))
              .collect(Collectors.joining(", "))
          + String.format(
              " (%d samples); GC pauses %.2f s in all", samples, gcPauses.toMillis() / 1000.0);
    }
  }

  static Profile read(Path recording) {
    Map<String, Long> byLibrary = new LinkedHashMap<>();
    long samples = 0;
    Duration pauses = Duration.ZERO;
    try {
      List<RecordedEvent> events = RecordingFile.readAllEvents(recording);
      for (RecordedEvent event : events) {
        String type = event.getEventType().getName();
        if (type.equals("jdk.ExecutionSample") && event.getStackTrace() != null) {
          List<RecordedFrame> frames = event.getStackTrace().getFrames();
          if (frames.isEmpty()) {
            continue;
          }
          samples++;
          byLibrary.merge(library(frames.get(0)), 1L, Long::sum);
        } else if (type.equals("jdk.GarbageCollection")) {
          pauses = pauses.plus(event.getDuration("sumOfPauses"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long total = samples;
    Map<String, Double> shares = new LinkedHashMap<>();
    byLibrary.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> shares.put(e.getKey(), e.getValue() / (double) total));
    return new Profile(samples, shares, pauses);
  }

  private static String library(RecordedFrame frame) {
    String type = frame.getMethod().getType().getName();
    for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
      if (type.startsWith(library.getKey())) {
        return library.getValue();
      }
    }
    return "other";
  }
}
