package io.ecsdeploy.operator.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.NullValue;
import io.ecsdeploy.operator.aws.Alarms;
import io.ecsdeploy.operator.aws.AwsFailure;
import io.ecsdeploy.operator.lifecycle.AnalysisCheck;
import io.ecsdeploy.operator.lifecycle.AnalysisMeasurement;
import io.ecsdeploy.operator.lifecycle.AnalysisPhase;
import io.ecsdeploy.operator.lifecycle.AnalysisQuery;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Takes one measurement of an analysis check, within the check's timeout, and judges it with the
 * check's conditions. Whatever goes wrong (no answer in time, an HTTP error, an answer without the
 * value, a condition that cannot be evaluated) is a measurement in phase Error, never an exception:
 * the engine counts it against the inconclusive limit.
 *
 * <p>What {@code result} is in the conditions:
 *
 * <ul>
 *   <li>CloudWatch: a map from each returned query's id to its values, newest first ({@code
 *       result.errors[0] / result.requests[0] < 0.01});
 *   <li>Prometheus: the instant query's sample values, in the order Prometheus returns the series
 *       (a scalar gives one): {@code result[0] < 0.05};
 *   <li>Web: the JSON value at the check's JSON pointer, or the whole answer.
 * </ul>
 */
public final class AnalysisMeasurer {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VALUE_TEXT_LIMIT = 200;

  private final HttpClient http;
  private final AnalysisConditions conditions = new AnalysisConditions();
  private final Clock clock;

  public AnalysisMeasurer(Clock clock) {
    this.clock = clock;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Measures {@code check} in {@code wait}; CloudWatch queries go through {@code cloudWatch}. */
  public AnalysisMeasurement measure(AnalysisCheck check, String wait, Alarms cloudWatch) {
    Instant started = clock.instant();
    AnalysisQuery query = check.query();
    Object result;
    try {
      result = result(query, cloudWatch, started);
    } catch (MeasurementException e) {
      return new AnalysisMeasurement(
          check.name(), wait, AnalysisPhase.Error, null, e.getMessage(), started, clock.instant());
    }
    String text = text(result);
    try {
      AnalysisPhase phase =
          conditions.judge(query.successCondition(), query.failureCondition(), result);
      return new AnalysisMeasurement(
          check.name(), wait, phase, text, null, started, clock.instant());
    } catch (AnalysisConditions.ConditionException e) {
      return new AnalysisMeasurement(
          check.name(), wait, AnalysisPhase.Error, text, e.getMessage(), started, clock.instant());
    }
  }

  private static final class MeasurementException extends Exception {
    MeasurementException(String message) {
      super(message);
    }
  }

  private Object result(AnalysisQuery query, Alarms cloudWatch, Instant now)
      throws MeasurementException {
    if (query.cloudWatch() != null) {
      return cloudWatch(query.cloudWatch(), query.timeout(), cloudWatch, now);
    }
    if (query.prometheus() != null) {
      return prometheus(query.prometheus(), query.timeout());
    }
    return web(query.web(), query.timeout());
  }

  private static Object cloudWatch(
      AnalysisQuery.CloudWatch spec, Duration timeout, Alarms cloudWatch, Instant now)
      throws MeasurementException {
    List<Alarms.MetricQuery> queries =
        spec.queries().stream()
            .map(
                q ->
                    new Alarms.MetricQuery(
                        q.id(),
                        q.expression(),
                        q.namespace(),
                        q.metricName(),
                        q.dimensions(),
                        q.periodSeconds(),
                        q.stat(),
                        q.returnData()))
            .toList();
    try {
      Map<String, List<Double>> values =
          cloudWatch.metricData(queries, now.minus(spec.lookback()), now, timeout);
      Map<String, Object> result = new LinkedHashMap<>();
      spec.queries().stream()
          .filter(AnalysisQuery.MetricQuery::returnData)
          .forEach(q -> result.put(q.id(), List.copyOf(values.getOrDefault(q.id(), List.of()))));
      return result;
    } catch (AwsFailure e) {
      throw new MeasurementException("CloudWatch GetMetricData failed: " + e.getMessage());
    }
  }

  private Object prometheus(AnalysisQuery.Prometheus spec, Duration timeout)
      throws MeasurementException {
    String base =
        spec.address().endsWith("/")
            ? spec.address().substring(0, spec.address().length() - 1)
            : spec.address();
    URI uri =
        URI.create(
            base
                + "/api/v1/query?query="
                + URLEncoder.encode(spec.query(), StandardCharsets.UTF_8));
    JsonNode answer = send(HttpRequest.newBuilder(uri).GET(), timeout, true);
    if (!"success".equals(answer.path("status").asText())) {
      throw new MeasurementException(
          "Prometheus answered " + answer.path("status").asText() + ": " + answer.path("error"));
    }
    JsonNode data = answer.path("data");
    List<Object> values = new ArrayList<>();
    switch (data.path("resultType").asText()) {
      case "vector" -> {
        for (JsonNode sample : data.path("result")) {
          values.add(sampleValue(sample.path("value").path(1).asText()));
        }
      }
      case "scalar" -> values.add(sampleValue(data.path("result").path(1).asText()));
      default ->
          throw new MeasurementException(
              "Prometheus answered a "
                  + data.path("resultType").asText()
                  + "; an analysis query must give an instant vector or a scalar");
    }
    return values;
  }

  private static double sampleValue(String text) throws MeasurementException {
    switch (text) {
      case "+Inf", "Inf" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-Inf" -> {
        return Double.NEGATIVE_INFINITY;
      }
      default -> {
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          throw new MeasurementException("Prometheus sample value is not a number: " + text);
        }
      }
    }
  }

  private Object web(AnalysisQuery.Web spec, Duration timeout) throws MeasurementException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(spec.url()));
    spec.headers().forEach(request::header);
    if ("POST".equalsIgnoreCase(spec.method())) {
      request.POST(HttpRequest.BodyPublishers.ofString(spec.body() == null ? "" : spec.body()));
    } else {
      request.GET();
    }
    JsonNode answer = send(request, timeout, false);
    JsonNode value =
        spec.jsonPath() == null || spec.jsonPath().isEmpty() ? answer : answer.at(spec.jsonPath());
    if (value.isMissingNode() || value.isNull()) {
      throw new MeasurementException(
          "the answer of " + spec.url() + " has no value at " + spec.jsonPath());
    }
    return celValue(value);
  }

  private JsonNode send(HttpRequest.Builder request, Duration timeout, boolean prometheus)
      throws MeasurementException {
    HttpRequest built = request.timeout(timeout).header("Accept", "application/json").build();
    try {
      HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
      // Prometheus answers query errors with 400 and a JSON body that says why.
      boolean readable =
          response.statusCode() / 100 == 2 || (prometheus && response.statusCode() == 400);
      if (!readable) {
        throw new MeasurementException(
            built.method() + " " + built.uri() + " answered HTTP " + response.statusCode());
      }
      return JSON.readTree(response.body());
    } catch (HttpTimeoutException e) {
      throw new MeasurementException(
          built.uri() + " did not answer within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      throw new MeasurementException(
          built.method() + " " + built.uri() + " failed: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MeasurementException("interrupted");
    }
  }

  /** A JSON value as CEL takes it: numbers as doubles, objects as maps, arrays as lists. */
  static Object celValue(JsonNode node) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(element -> list.add(celValue(element)));
      return list;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(field -> map.put(field.getKey(), celValue(field.getValue())));
      return map;
    }
    return NullValue.NULL_VALUE;
  }

  private static String text(Object result) {
    String text;
    try {
      text = JSON.writeValueAsString(result);
    } catch (IOException e) {
      text = String.valueOf(result);
    }
    return text.length() <= VALUE_TEXT_LIMIT ? text : text.substring(0, VALUE_TEXT_LIMIT) + "...";
  }
}
