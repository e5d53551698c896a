package io.ecsdeploy.operator.testsupport.faults;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The error replies the fault proxy sends, each in the shape the real service uses for its
 * protocol, so that the SDK parses the error code (and its retry policy sees throttling):
 *
 * <table>
 *   <caption>Error shapes</caption>
 *   <tr><th>Protocol</th><th>Throttle</th><th>500 / 503</th></tr>
 *   <tr><td>AWS JSON (ECS)</td><td>400, {@code x-amzn-ErrorType: ThrottlingException},
 *       {@code {"__type":"ThrottlingException","message":"Rate exceeded"}}</td>
 *       <td>{@code ServerException} / {@code ServiceUnavailableException}, same shape</td></tr>
 *   <tr><td>query (ELBv2, SNS)</td><td>400, {@code <ErrorResponse><Error><Type>Sender</Type>
 *       <Code>Throttling</Code>…}</td><td>{@code Receiver}, {@code InternalFailure} /
 *       {@code ServiceUnavailable}</td></tr>
 *   <tr><td>REST JSON (Lambda)</td><td>429, {@code x-amzn-ErrorType: TooManyRequestsException},
 *       {@code {"Type":"User","message":"Rate exceeded","Reason":"CallerRateLimitExceeded"}}</td>
 *       <td>{@code ServiceException} / {@code ServiceUnavailableException}</td></tr>
 *   <tr><td>REST XML (S3)</td><td>503, {@code <Error><Code>SlowDown</Code>…}</td>
 *       <td>{@code InternalError} / {@code ServiceUnavailable}</td></tr>
 *   <tr><td>RPC v2 CBOR (CloudWatch)</td><td>400, {@code smithy-protocol: rpc-v2-cbor},
 *       {@code x-amzn-query-error: Throttling;Sender}, CBOR map {@code __type:
 *       com.amazonaws.cloudwatch#ThrottlingException}</td>
 *       <td>{@code InternalFailure} / {@code ServiceUnavailable}</td></tr>
 * </table>
 */
public final class ErrorReplies {

  /** An HTTP reply. */
  public record Reply(int status, Map<String, String> headers, byte[] body) {}

  private ErrorReplies() {}

  /** The reply for a THROTTLE, INTERNAL_ERROR or SERVICE_UNAVAILABLE fault on an operation. */
  public static Reply forFault(AwsOperation operation, FaultKind kind) {
    String requestId = UUID.randomUUID().toString();
    int status =
        switch (kind) {
          case THROTTLE -> throttleStatus(operation.protocol());
          case INTERNAL_ERROR -> 500;
          case SERVICE_UNAVAILABLE -> 503;
          default -> throw new IllegalArgumentException(kind + " has no error reply");
        };
    String message =
        switch (kind) {
          case THROTTLE -> "Rate exceeded";
          case INTERNAL_ERROR -> "We encountered an internal error. Please try again.";
          default -> "Service is unavailable. Please try again later.";
        };
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("x-amzn-RequestId", requestId);
    switch (operation.protocol()) {
      case AWS_JSON, UNKNOWN -> {
        String type =
            switch (kind) {
              case THROTTLE -> "ThrottlingException";
              case INTERNAL_ERROR -> "ServerException";
              default -> "ServiceUnavailableException";
            };
        headers.put("Content-Type", "application/x-amz-json-1.1");
        headers.put("x-amzn-ErrorType", type);
        return new Reply(
            status, headers, utf8("{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}"));
      }
      case REST_JSON -> {
        String type =
            switch (kind) {
              case THROTTLE -> "TooManyRequestsException";
              case INTERNAL_ERROR -> "ServiceException";
              default -> "ServiceUnavailableException";
            };
        headers.put("Content-Type", "application/json");
        headers.put("x-amzn-ErrorType", type);
        String extra = kind == FaultKind.THROTTLE ? ",\"Reason\":\"CallerRateLimitExceeded\"" : "";
        String errorClass = kind == FaultKind.THROTTLE ? "User" : "Service";
        return new Reply(
            status,
            headers,
            utf8("{\"Type\":\"" + errorClass + "\",\"message\":\"" + message + "\"" + extra + "}"));
      }
      case QUERY -> {
        String code =
            switch (kind) {
              case THROTTLE -> "Throttling";
              case INTERNAL_ERROR -> "InternalFailure";
              default -> "ServiceUnavailable";
            };
        headers.put("Content-Type", "text/xml");
        return new Reply(
            status,
            headers,
            utf8(
                "<ErrorResponse>"
                    + "<Error><Type>"
                    + (kind == FaultKind.THROTTLE ? "Sender" : "Receiver")
                    + "</Type><Code>"
                    + code
                    + "</Code><Message>"
                    + message
                    + "</Message></Error><RequestId>"
                    + requestId
                    + "</RequestId></ErrorResponse>"));
      }
      case REST_XML -> {
        String code =
            switch (kind) {
              case THROTTLE -> "SlowDown";
              case INTERNAL_ERROR -> "InternalError";
              default -> "ServiceUnavailable";
            };
        headers.put("Content-Type", "application/xml");
        headers.put("x-amz-request-id", requestId);
        return new Reply(
            status,
            headers,
            utf8(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                    + code
                    + "</Code><Message>"
                    + (kind == FaultKind.THROTTLE ? "Please reduce your request rate." : message)
                    + "</Message><RequestId>"
                    + requestId
                    + "</RequestId><HostId>fault-proxy</HostId></Error>"));
      }
      case RPC_V2_CBOR -> {
        String code =
            switch (kind) {
              case THROTTLE -> "Throttling";
              case INTERNAL_ERROR -> "InternalFailure";
              default -> "ServiceUnavailable";
            };
        String type =
            kind == FaultKind.THROTTLE
                ? "com.amazonaws.cloudwatch#ThrottlingException"
                : "com.amazonaws.cloudwatch#" + code;
        headers.put("Content-Type", "application/cbor");
        headers.put("smithy-protocol", "rpc-v2-cbor");
        headers.put(
            "x-amzn-query-error",
            code + ";" + (kind == FaultKind.THROTTLE ? "Sender" : "Receiver"));
        Map<String, String> map = new LinkedHashMap<>();
        map.put("__type", type);
        map.put("message", message);
        return new Reply(status, headers, cborTextMap(map));
      }
      default -> throw new IllegalStateException();
    }
  }

  private static int throttleStatus(AwsOperation.Protocol protocol) {
    return switch (protocol) {
      case REST_JSON -> 429;
      case REST_XML -> 503;
      default -> 400;
    };
  }

  /** A CBOR (RFC 8949) definite-length map of text strings to text strings. */
  static byte[] cborTextMap(Map<String, String> map) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    head(out, 5, map.size());
    map.forEach(
        (key, value) -> {
          text(out, key);
          text(out, value);
        });
    return out.toByteArray();
  }

  private static void text(ByteArrayOutputStream out, String text) {
    byte[] bytes = utf8(text);
    head(out, 3, bytes.length);
    out.writeBytes(bytes);
  }

  private static void head(ByteArrayOutputStream out, int majorType, int length) {
    int major = majorType << 5;
    if (length < 24) {
      out.write(major | length);
    } else if (length < 0x100) {
      out.write(major | 24);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(major | 25);
      out.write(length >> 8);
      out.write(length & 0xff);
    } else {
      out.write(major | 26);
      out.write(length >>> 24);
      out.write((length >> 16) & 0xff);
      out.write((length >> 8) & 0xff);
      out.write(length & 0xff);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
