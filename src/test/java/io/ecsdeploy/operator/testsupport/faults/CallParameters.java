package io.ecsdeploy.operator.testsupport.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parameters of a request, flat, as text, so that a test can tell which resource a call changed
 * and how:
 *
 * <ul>
 *   <li>AWS JSON (ECS): the body's top-level scalar fields ({@code cluster}, {@code service},
 *       {@code taskSet}, {@code externalId});
 *   <li>query (ELBv2, SNS): the form's fields as sent ({@code ListenerArn}, {@code
 *       DefaultActions.member.1.ForwardConfig.TargetGroups.member.1.Weight}, {@code TopicArn},
 *       {@code Message});
 *   <li>Lambda {@code Invoke}: {@code FunctionName} from the path and the payload's top-level
 *       scalar fields ({@code DeploymentId}, {@code LifecycleEventHookExecutionId});
 *   <li>anything else: none.
 * </ul>
 */
public final class CallParameters {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LAMBDA_INVOKE =
      Pattern.compile("^/\\d{4}-\\d{2}-\\d{2}/functions/([^/]+)/invocations/?$");

  private CallParameters() {}

  public static Map<String, String> of(
      AwsOperation operation, String rawPath, String rawQuery, byte[] body) {
    Map<String, String> parameters = new TreeMap<>();
    switch (operation.protocol()) {
      case AWS_JSON -> scalarFields(body, parameters);
      case QUERY -> {
        form(rawQuery, parameters);
        form(new String(body, StandardCharsets.UTF_8), parameters);
      }
      case REST_JSON -> {
        Matcher invoke = LAMBDA_INVOKE.matcher(rawPath == null ? "" : rawPath);
        if (invoke.matches()) {
          parameters.put(
              "FunctionName", URLDecoder.decode(invoke.group(1), StandardCharsets.UTF_8));
          scalarFields(body, parameters);
        }
      }
      default -> {}
    }
    return Collections.unmodifiableMap(parameters);
  }

  private static void scalarFields(byte[] body, Map<String, String> parameters) {
    if (body.length == 0) {
      return;
    }
    try {
      JsonNode root = JSON.readTree(body);
      if (root != null && root.isObject()) {
        root.fields()
            .forEachRemaining(
                field -> {
                  if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                    parameters.put(field.getKey(), field.getValue().asText());
                  }
                });
      }
    } catch (IOException e) {
      // Not JSON: no parameters.
    }
  }

  private static void form(String encoded, Map<String, String> parameters) {
    if (encoded == null || encoded.isEmpty()) {
      return;
    }
    for (String pair : encoded.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
  }
}
