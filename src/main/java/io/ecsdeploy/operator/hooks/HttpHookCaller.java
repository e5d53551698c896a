package io.ecsdeploy.operator.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Calls an HTTP hook: POSTs the hook's JSON body, signed with HMAC-SHA256 as webhook senders sign
 * theirs, and classifies the answer. The receiver verifies {@value #SIGNATURE_HEADER} over the
 * timestamp and the raw body, and refuses old timestamps, so that a captured request cannot be
 * replayed later.
 *
 * <p>Redirects are not followed: a signed hook goes to the endpoint the group names, nowhere else.
 */
public final class HttpHookCaller {
  /** {@code sha256=} and the hex HMAC-SHA256 of {@code <timestamp>.<raw body>}. */
  public static final String SIGNATURE_HEADER = "X-EcsDeploy-Signature";

  /** The signing time, in seconds since the epoch; part of what is signed. */
  public static final String TIMESTAMP_HEADER = "X-EcsDeploy-Timestamp";

  /** The hook event, such as {@code BeforeAllowTraffic} (also in the body). */
  public static final String EVENT_HEADER = "X-EcsDeploy-Event";

  /**
   * The lifecycle event hook execution id (also in the body): the same in every delivery of one
   * hook execution, so a receiver can tell a repeated delivery from a new one.
   */
  public static final String DELIVERY_HEADER = "X-EcsDeploy-Delivery";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http;
  private final Duration answerWait;
  private final Clock clock;

  /** How a call ended. */
  public enum Kind {
    /** The endpoint answered 2xx with {@code {"status": "Succeeded"}}. */
    SUCCEEDED,
    /** The endpoint answered 2xx with {@code {"status": "Failed"}}. */
    FAILED,
    /**
     * The endpoint took the hook (202, or 2xx without a status): it reports through the callback.
     */
    PENDING,
    /** The delivery failed on the way (no connection, no answer in time, 408, 429, 5xx). */
    UNDELIVERED,
    /** The endpoint refused the hook (a redirect, another 4xx). */
    REFUSED
  }

  /**
   * What came of a call.
   *
   * @param kind how it ended
   * @param statusCode the HTTP status, 0 without an answer
   * @param message what happened, for the lifecycle event and the logs
   */
  public record Outcome(Kind kind, int statusCode, String message) {}

  public HttpHookCaller(Duration answerWait, Clock clock) {
    this.answerWait = answerWait;
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(answerWait)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /**
   * The signature header's value for {@code body} signed at {@code timestampSeconds} with {@code
   * key}: {@code sha256=} and the lowercase hex HMAC-SHA256 of {@code <timestamp>.<body>}.
   */
  public static String signature(byte[] key, long timestampSeconds, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] digest = mac.doFinal((timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  /** POSTs {@code body} to {@code url}, signed with {@code key}, and waits for the answer. */
  public Outcome call(String url, String event, String executionId, String body, byte[] key) {
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request;
    try {
      request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(answerWait)
              .header("Content-Type", "application/json")
              .header("User-Agent", "ecs-deploy-operator")
              .header(TIMESTAMP_HEADER, Long.toString(timestamp))
              .header(SIGNATURE_HEADER, signature(key, timestamp, body))
              .header(EVENT_HEADER, event)
              .header(DELIVERY_HEADER, executionId)
              .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
              .build();
    } catch (IllegalArgumentException badUrl) {
      return new Outcome(Kind.REFUSED, 0, "the hook endpoint " + url + " is not a valid URL");
    }
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return new Outcome(
          Kind.UNDELIVERED,
          0,
          "the hook endpoint "
              + url
              + " did not answer within "
              + answerWait.toSeconds()
              + " s: "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(Kind.UNDELIVERED, 0, "interrupted while calling " + url);
    }
    int status = response.statusCode();
    String answer = "the hook endpoint " + url + " answered " + status;
    if (status >= 200 && status < 300) {
      Optional<Boolean> result = statusIn(response.body());
      if (result.isEmpty()) {
        return new Outcome(Kind.PENDING, status, answer + "; its result is to come by callback");
      }
      return new Outcome(result.get() ? Kind.SUCCEEDED : Kind.FAILED, status, answer);
    }
    if (status == 408 || status == 429 || status >= 500) {
      return new Outcome(Kind.UNDELIVERED, status, answer);
    }
    return new Outcome(Kind.REFUSED, status, answer);
  }

  /** {@code {"status": "Succeeded"}} (true) or {@code "Failed"} (false) in an answer's body. */
  static Optional<Boolean> statusIn(String body) {
    if (body == null || body.isBlank()) {
      return Optional.empty();
    }
    try {
      JsonNode status = JSON.readTree(body).get("status");
      if (status == null || !status.isTextual()) {
        return Optional.empty();
      }
      return switch (status.asText()) {
        case "Succeeded" -> Optional.of(true);
        case "Failed" -> Optional.of(false);
        default -> Optional.empty();
      };
    } catch (IOException | RuntimeException notAnObject) {
      return Optional.empty();
    }
  }
}
