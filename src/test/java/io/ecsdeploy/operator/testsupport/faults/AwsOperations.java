package io.ecsdeploy.operator.testsupport.faults;

import io.ecsdeploy.operator.testsupport.faults.AwsOperation.Protocol;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the AWS operation of a request the way the SDK v2 sends it:
 *
 * <ul>
 *   <li>AWS JSON (ECS): {@code X-Amz-Target: AmazonEC2ContainerServiceV20141113.CreateTaskSet};
 *   <li>RPC v2 CBOR (CloudWatch): {@code POST
 *       /service/GraniteServiceVersion20100801/operation/DescribeAlarms} with {@code
 *       smithy-protocol: rpc-v2-cbor};
 *   <li>query (ELBv2, SNS, STS, IAM, EC2): a form body (or query string) with {@code
 *       Action=ModifyListener};
 *   <li>REST JSON (Lambda): {@code POST /2015-03-31/functions/<name>/invocations} is {@code
 *       Invoke};
 *   <li>REST XML (S3, path-style): {@code GET /bucket/key} is {@code GetObject}, and so on.
 * </ul>
 *
 * <p>The service comes from the target prefix or RPC service name, else from the SigV4 credential
 * scope in {@code Authorization} ({@code Credential=AKID/20250101/us-east-1/ecs/aws4_request}).
 */
public final class AwsOperations {

  private static final Map<String, String> SIGNING_NAMES =
      Map.of(
          "ecs", "ECS",
          "elasticloadbalancing", "ELBv2",
          "lambda", "Lambda",
          "s3", "S3",
          "sns", "SNS",
          "monitoring", "CloudWatch",
          "sts", "STS",
          "iam", "IAM",
          "ec2", "EC2");

  private static final Map<String, String> TARGET_PREFIXES =
      Map.of(
          "AmazonEC2ContainerServiceV20141113",
          "ECS",
          "GraniteServiceVersion20100801",
          "CloudWatch");

  private static final Pattern SCOPE =
      Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request");
  private static final Pattern RPC_V2 = Pattern.compile("^/service/([^/]+)/operation/([^/?]+)");
  private static final Pattern LAMBDA =
      Pattern.compile("^/(\\d{4}-\\d{2}-\\d{2})/functions(?:/([^/]+))?(?:/([^/]+))?/?$");

  private AwsOperations() {}

  /**
   * The operation of a request.
   *
   * @param method the HTTP method
   * @param path the raw (still encoded) path, without the query
   * @param rawQuery the raw query string, or {@code null}
   * @param headers the request headers (names in any case)
   * @param body the request body
   */
  public static AwsOperation recognise(
      String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> h.put(name, values.isEmpty() ? "" : values.get(0)));
    String scoped = signingService(h.get("Authorization"));

    String target = h.get("X-Amz-Target");
    if (target != null && target.contains(".")) {
      int dot = target.lastIndexOf('.');
      String prefix = target.substring(0, dot);
      String service = TARGET_PREFIXES.getOrDefault(prefix, scoped != null ? scoped : prefix);
      return new AwsOperation(service, target.substring(dot + 1), Protocol.AWS_JSON);
    }
    Matcher rpc = RPC_V2.matcher(path);
    if (rpc.find()) {
      String service =
          TARGET_PREFIXES.getOrDefault(rpc.group(1), scoped != null ? scoped : rpc.group(1));
      return new AwsOperation(service, rpc.group(2), Protocol.RPC_V2_CBOR);
    }
    String action = formParameter(rawQuery, "Action");
    String contentType = h.getOrDefault("Content-Type", "").toLowerCase(Locale.ROOT);
    if (action == null && contentType.startsWith("application/x-www-form-urlencoded")) {
      action = formParameter(new String(body, StandardCharsets.UTF_8), "Action");
    }
    if (action != null) {
      return new AwsOperation(scoped != null ? scoped : "AWS", action, Protocol.QUERY);
    }
    Matcher lambda = LAMBDA.matcher(path);
    if ("Lambda".equals(scoped) || (scoped == null && lambda.find())) {
      return new AwsOperation("Lambda", lambdaOperation(method, path), Protocol.REST_JSON);
    }
    if ("S3".equals(scoped)) {
      return new AwsOperation("S3", s3Operation(method, path, rawQuery, h), Protocol.REST_XML);
    }
    return new AwsOperation(scoped != null ? scoped : "AWS", method + " " + path, Protocol.UNKNOWN);
  }

  static String signingService(String authorization) {
    if (authorization == null) {
      return null;
    }
    Matcher scope = SCOPE.matcher(authorization);
    if (!scope.find()) {
      return null;
    }
    return SIGNING_NAMES.getOrDefault(scope.group(1), scope.group(1));
  }

  private static String lambdaOperation(String method, String path) {
    Matcher m = LAMBDA.matcher(path);
    if (!m.find()) {
      return method + " " + path;
    }
    String function = m.group(2);
    String sub = m.group(3);
    if (function == null) {
      return "POST".equals(method) ? "CreateFunction" : "ListFunctions";
    }
    if (sub == null) {
      return switch (method) {
        case "GET" -> "GetFunction";
        case "DELETE" -> "DeleteFunction";
        default -> method + " " + path;
      };
    }
    return switch (sub) {
      case "invocations" -> "Invoke";
      case "invoke-async" -> "InvokeAsync";
      case "configuration" ->
          "GET".equals(method) ? "GetFunctionConfiguration" : "UpdateFunctionConfiguration";
      case "code" -> "UpdateFunctionCode";
      default -> method + " " + path;
    };
  }

  private static String s3Operation(
      String method, String path, String rawQuery, Map<String, String> headers) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    int slash = trimmed.indexOf('/');
    String bucket = slash < 0 ? trimmed : trimmed.substring(0, slash);
    boolean hasKey = slash >= 0 && slash < trimmed.length() - 1;
    String query = rawQuery == null ? "" : "&" + rawQuery + "&";
    if (bucket.isEmpty()) {
      return "ListBuckets";
    }
    if (hasKey) {
      return switch (method) {
        case "GET" -> "GetObject";
        case "HEAD" -> "HeadObject";
        case "DELETE" -> "DeleteObject";
        case "PUT" -> headers.containsKey("x-amz-copy-source") ? "CopyObject" : "PutObject";
        default -> method + " " + path;
      };
    }
    return switch (method) {
      case "PUT" -> query.contains("&versioning") ? "PutBucketVersioning" : "CreateBucket";
      case "HEAD" -> "HeadBucket";
      case "DELETE" -> "DeleteBucket";
      case "POST" -> query.contains("&delete") ? "DeleteObjects" : method + " " + path;
      case "GET" -> {
        if (query.contains("&versioning")) {
          yield "GetBucketVersioning";
        } else if (query.contains("&versions")) {
          yield "ListObjectVersions";
        } else if (query.contains("&list-type=2")) {
          yield "ListObjectsV2";
        } else {
          yield "ListObjects";
        }
      }
      default -> method + " " + path;
    };
  }

  /** A parameter of a form-encoded string, decoded, or {@code null}. */
  static String formParameter(String form, String name) {
    if (form == null || form.isEmpty()) {
      return null;
    }
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
