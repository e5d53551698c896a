package io.ecsdeploy.operator.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The bad-input catalogue's hook reports: requests to the operator's
 * PutLifecycleEventHookExecutionStatus endpoint that must be refused, each with the HTTP status,
 * CodeDeploy error code ({@code __type}, which an AWS SDK raises as that exception) and message the
 * sender gets. Placeholders, filled in by {@link BadInputE2E}: {@code {deploymentId}} and {@code
 * {executionId}}, the deployment waiting on its BeforeAllowTraffic hook and that hook's execution;
 * {@code {failedId}}, a deployment that failed before it started. The cases that are not one
 * request (concurrent, replayed and slow clients) are {@link #SCENARIOS}, run by the test itself.
 */
final class BadHookRequests {
  private BadHookRequests() {}

  static final String TARGET = "CodeDeploy_20141006.PutLifecycleEventHookExecutionStatus";
  static final String JSON_1_1 = "application/x-amz-json-1.1";

  /**
   * One request and its refusal.
   *
   * @param name what is wrong
   * @param method the HTTP method
   * @param target the X-Amz-Target header, or null for none
   * @param contentType the Content-Type header, or null for none
   * @param body the body; chunked when {@code chunked}
   * @param chunked sent without a Content-Length, in chunks
   * @param status the HTTP status answered
   * @param type the error code answered in {@code __type} and {@code X-Amzn-ErrorType}
   * @param message the error message answered, exactly
   */
  record Case(
      String name,
      String method,
      String target,
      String contentType,
      byte[] body,
      boolean chunked,
      int status,
      String type,
      String message) {}

  /** The cases that are a sequence or a timing rather than one request; see BadInputE2E. */
  static final List<String> SCENARIOS =
      List.of(
          "forged-ids-leave-the-hook-waiting",
          "same-id-reported-twice-at-once",
          "replayed-after-it-was-accepted",
          "replayed-with-the-opposite-status",
          "body-sent-byte-by-byte",
          "headers-sent-byte-by-byte",
          "five-slow-clients-at-once",
          "five-megabytes-announced");

  private static final String NOT_JSON = "; expected application/x-amz-json-1.1";
  private static final String SERIALIZATION = "SerializationException";
  private static final String INVALID_ID = "InvalidLifecycleEventHookExecutionIdException";
  private static final String INVALID_STATUS = "InvalidLifecycleEventHookExecutionStatusException";
  private static final String INVALID_DEPLOYMENT = "InvalidDeploymentIdException";
  static final String ALREADY_COMPLETED = "LifecycleEventAlreadyCompletedException";

  static List<Case> requests() {
    List<Case> cases = new ArrayList<>();
    // Not the operation: method and target.
    for (String method : List.of("GET", "PUT", "DELETE")) {
      cases.add(
          new Case(
              method.toLowerCase(java.util.Locale.ROOT) + "-instead-of-post",
              method,
              TARGET,
              JSON_1_1,
              "GET".equals(method) ? null : report("{deploymentId}", "{executionId}", "Succeeded"),
              false,
              405,
              "UnknownOperationException",
              "PutLifecycleEventHookExecutionStatus is sent with POST, not " + method));
    }
    cases.add(
        request(
            "no-target-header",
            null,
            JSON_1_1,
            report("{deploymentId}", "{executionId}", "Succeeded"),
            400,
            "UnknownOperationException",
            "the X-Amz-Target header is missing; expected " + TARGET));
    for (String other :
        List.of(
            "CodeDeploy_20141006.StopDeployment",
            "CodeDeploy_20141006.putLifecycleEventHookExecutionStatus",
            "AmazonEC2ContainerServiceV20141113.CreateTaskSet")) {
      cases.add(
          request(
              "target-"
                  + other.substring(other.indexOf('.') + 1).toLowerCase(java.util.Locale.ROOT),
              other,
              JSON_1_1,
              report("{deploymentId}", "{executionId}", "Succeeded"),
              400,
              "UnknownOperationException",
              "only " + TARGET + " is served, not " + other));
    }

    // Not JSON: content type, then the body.
    cases.add(
        request(
            "no-content-type",
            TARGET,
            null,
            report("{deploymentId}", "{executionId}", "Succeeded"),
            415,
            SERIALIZATION,
            "the Content-Type header is missing" + NOT_JSON));
    for (String type :
        List.of(
            "application/x-www-form-urlencoded", "text/plain; charset=utf-8", "application/xml")) {
      cases.add(
          request(
              "content-type-" + type.replaceAll("[^a-z]+", "-"),
              TARGET,
              type,
              report("{deploymentId}", "{executionId}", "Succeeded"),
              415,
              SERIALIZATION,
              "Content-Type " + type + " is not JSON" + NOT_JSON));
    }
    cases.add(
        request(
            "empty-body",
            TARGET,
            JSON_1_1,
            new byte[0],
            400,
            SERIALIZATION,
            "the request body is empty; expected a JSON object with deploymentId,"
                + " lifecycleEventHookExecutionId and status"));
    cases.add(
        json(
            "whitespace-only-body",
            " \r\n ",
            "the request body is empty; expected a JSON object with deploymentId,"
                + " lifecycleEventHookExecutionId and status"));
    cases.add(
        json(
            "not-json",
            "deploymentId={deploymentId}&status=Succeeded",
            "the request body is not valid JSON (line 1, column 14): Unrecognized token"
                + " 'deploymentId': was expecting (JSON String, Number, Array, Object or token"
                + " 'null', 'true' or 'false')"));
    cases.add(
        json(
            "truncated-json",
            "{\"deploymentId\": \"{deploymentId}\", \"status\": \"Succ",
            "the request body is not valid JSON (line 1, column 48): Unexpected end-of-input in"
                + " VALUE_STRING"));
    cases.add(json("json-array", "[]", "the request body must be a JSON object, found an array"));
    cases.add(
        json(
            "json-string",
            "\"Succeeded\"",
            "the request body must be a JSON object, found a string"));
    cases.add(json("json-null", "null", "the request body must be a JSON object, found null"));
    cases.add(json("json-number", "42", "the request body must be a JSON object, found a number"));
    cases.add(
        json(
            "two-json-objects",
            new String(
                    report("{deploymentId}", "{executionId}", "Succeeded"), StandardCharsets.UTF_8)
                + "{}",
            "the request body is not valid JSON (line 1, column 135): more follows the first JSON"
                + " value"));
    cases.add(
        json(
            "status-given-twice",
            "{\"deploymentId\": \"{deploymentId}\", \"lifecycleEventHookExecutionId\":"
                + " \"{executionId}\", \"status\": \"Failed\", \"status\": \"Succeeded\"}",
            "the request body is not valid JSON (line 1, column 141): Duplicate field 'status'"));
    cases.add(
        new Case(
            "invalid-utf8",
            "POST",
            TARGET,
            JSON_1_1,
            BadRevisions.concat(
                BadRevisions.bytes("{\"deploymentId\": \""),
                new byte[] {(byte) 0xC3, 0x28},
                BadRevisions.bytes("\"}")),
            false,
            400,
            SERIALIZATION,
            "the request body is not valid JSON (line 1, column 21): Invalid UTF-8 middle byte"
                + " 0x28"));
    cases.add(
        json(
            "nested-twenty-deep",
            "{\"deploymentId\": " + "[".repeat(20) + "]".repeat(20) + "}",
            "the request body is not valid JSON: Document nesting depth (17) exceeds the maximum"
                + " allowed (16)"));
    byte[] padded = padded(20 * 1024);
    cases.add(
        new Case(
            "body-of-20-kib",
            "POST",
            TARGET,
            JSON_1_1,
            padded,
            false,
            413,
            SERIALIZATION,
            "the request body is larger than 16384 bytes; a report is a few hundred"));
    cases.add(
        new Case(
            "chunked-body-of-20-kib",
            "POST",
            TARGET,
            JSON_1_1,
            padded,
            true,
            413,
            SERIALIZATION,
            "the request body is larger than 16384 bytes; a report is a few hundred"));

    // The deployment id.
    cases.add(
        json(
            "no-deployment-id",
            "{\"lifecycleEventHookExecutionId\": \"{executionId}\", \"status\": \"Succeeded\"}",
            400,
            "DeploymentIdRequiredException",
            "deploymentId is required"));
    cases.add(
        report(
            "empty-deployment-id",
            "",
            "{executionId}",
            "Succeeded",
            400,
            "DeploymentIdRequiredException",
            "deploymentId is required"));
    cases.add(
        json(
            "deployment-id-as-a-number",
            "{\"deploymentId\": 42, \"lifecycleEventHookExecutionId\": \"{executionId}\","
                + " \"status\": \"Succeeded\"}",
            400,
            INVALID_DEPLOYMENT,
            "deploymentId must be a string, found a number"));
    cases.add(
        json(
            "deployment-id-as-an-object",
            "{\"deploymentId\": {\"id\": \"{deploymentId}\"}, \"lifecycleEventHookExecutionId\":"
                + " \"{executionId}\", \"status\": \"Succeeded\"}",
            400,
            INVALID_DEPLOYMENT,
            "deploymentId must be a string, found an object"));
    cases.add(
        report(
            "resource-name-for-deployment-id",
            "hooked",
            "{executionId}",
            "Succeeded",
            400,
            INVALID_DEPLOYMENT,
            "deploymentId hooked is not a deployment id (d- and 9 capital letters or digits, as in"
                + " status.deploymentId)"));
    cases.add(
        report(
            "deployment-id-in-lower-case",
            "{deploymentIdLowerCase}",
            "{executionId}",
            "Succeeded",
            400,
            INVALID_DEPLOYMENT,
            "deploymentId {deploymentIdLowerCase} is not a deployment id (d- and 9 capital letters"
                + " or digits, as in status.deploymentId)"));
    cases.add(
        report(
            "deployment-that-does-not-exist",
            "d-NOSUCHONE",
            "{executionId}",
            "Succeeded",
            400,
            "DeploymentDoesNotExistException",
            "deployment d-NOSUCHONE does not exist"));

    // The execution id.
    cases.add(
        json(
            "no-execution-id",
            "{\"deploymentId\": \"{deploymentId}\", \"status\": \"Succeeded\"}",
            400,
            INVALID_ID,
            "lifecycleEventHookExecutionId is required"));
    cases.add(
        json(
            "execution-id-as-a-number",
            "{\"deploymentId\": \"{deploymentId}\", \"lifecycleEventHookExecutionId\": 7,"
                + " \"status\": \"Succeeded\"}",
            400,
            INVALID_ID,
            "lifecycleEventHookExecutionId must be a string, found a number"));
    cases.add(
        report(
            "execution-id-of-2000-characters",
            "{deploymentId}",
            "x".repeat(2000),
            "Succeeded",
            400,
            INVALID_ID,
            "lifecycleEventHookExecutionId is 2000 characters long; an execution id is at most"
                + " 1024"));
    String forged = "Zm9yZ2VkLWV4ZWN1dGlvbi1pZC1ub3QtZnJvbS10aGUtb3A";
    cases.add(
        report(
            "forged-execution-id",
            "{deploymentId}",
            forged,
            "Succeeded",
            400,
            INVALID_ID,
            "no hook execution " + forged + " is pending for deployment {deploymentId}"));
    cases.add(
        report(
            "forged-execution-id-reporting-failure",
            "{deploymentId}",
            forged,
            "Failed",
            400,
            INVALID_ID,
            "no hook execution " + forged + " is pending for deployment {deploymentId}"));
    cases.add(
        report(
            "execution-id-sent-for-another-deployment",
            "{failedId}",
            "{executionId}",
            "Succeeded",
            400,
            INVALID_ID,
            "no hook execution {executionId} is pending for deployment {failedId}"));

    // The status.
    cases.add(
        json(
            "no-status",
            "{\"deploymentId\": \"{deploymentId}\", \"lifecycleEventHookExecutionId\":"
                + " \"{executionId}\"}",
            400,
            INVALID_STATUS,
            "status is required: Succeeded or Failed"));
    for (String status : List.of("succeeded", "Skipped", "InProgress")) {
      cases.add(
          report(
              "status-" + status.toLowerCase(java.util.Locale.ROOT),
              "{deploymentId}",
              "{executionId}",
              status,
              400,
              INVALID_STATUS,
              "status must be Succeeded or Failed, not " + status));
    }
    cases.add(
        json(
            "status-as-a-boolean",
            "{\"deploymentId\": \"{deploymentId}\", \"lifecycleEventHookExecutionId\":"
                + " \"{executionId}\", \"status\": true}",
            400,
            INVALID_STATUS,
            "status must be a string, found a boolean"));
    return cases;
  }

  /** A well-formed report as CodeDeploy's SDKs send it. */
  static byte[] report(String deploymentId, String executionId, String status) {
    return BadRevisions.bytes(
        "{\"deploymentId\": \""
            + deploymentId
            + "\", \"lifecycleEventHookExecutionId\": \""
            + executionId
            + "\", \"status\": \""
            + status
            + "\"}");
  }

  private static Case report(
      String name,
      String deploymentId,
      String executionId,
      String status,
      int httpStatus,
      String type,
      String message) {
    return request(
        name,
        TARGET,
        JSON_1_1,
        report(deploymentId, executionId, status),
        httpStatus,
        type,
        message);
  }

  private static Case json(String name, String body, String message) {
    return json(name, body, 400, SERIALIZATION, message);
  }

  private static Case json(String name, String body, int status, String type, String message) {
    return request(name, TARGET, JSON_1_1, BadRevisions.bytes(body), status, type, message);
  }

  private static Case request(
      String name,
      String target,
      String contentType,
      byte[] body,
      int status,
      String type,
      String message) {
    return new Case(name, "POST", target, contentType, body, false, status, type, message);
  }

  /** A report made large by a field CodeDeploy's clients never send. */
  private static byte[] padded(int size) {
    String head = "{\"deploymentId\": \"{deploymentId}\", \"padding\": \"";
    return BadRevisions.bytes(head + "x".repeat(size - head.length() - 2) + "\"}");
  }
}
