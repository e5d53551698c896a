package io.ecsdeploy.operator.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real CodeDeploy client, boto3 from the test virtualenv, pointed at the operator's hook endpoint
 * the way a hook function's would be ({@code AWS_ENDPOINT_URL_CODEDEPLOY}).
 */
public final class CodeDeployClient {
  private static final String SCRIPT =
      String.join(
          "\n",
          "import sys, boto3, botocore.exceptions",
          "client = boto3.client('codedeploy', region_name='us-east-1')",
          "try:",
          "    client.put_lifecycle_event_hook_execution_status(",
          "        deploymentId=sys.argv[1], lifecycleEventHookExecutionId=sys.argv[2], status=sys.argv[3])",
          "    print('OK')",
          "except botocore.exceptions.ClientError as e:",
          "    print(e.response['Error']['Code'])",
          "");

  private final String endpoint;

  public CodeDeployClient(String endpoint) {
    this.endpoint = endpoint;
  }

  /** Reports a hook's status; returns OK or the CodeDeploy error code the endpoint answered. */
  public String report(String deploymentId, String executionId, String status)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    TestPeers.require(TestPeers.venv().resolve("bin/python"), "hack/aws-peers.sh")
                        .toString(),
                    "-c",
                    SCRIPT,
                    deploymentId,
                    executionId,
                    status))
            .redirectErrorStream(true);
    builder.environment().put("AWS_ENDPOINT_URL_CODEDEPLOY", endpoint);
    builder.environment().put("AWS_ACCESS_KEY_ID", "testing");
    builder.environment().put("AWS_SECRET_ACCESS_KEY", "testing");
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("boto3 did not answer within 60 s");
    }
    String output =
        new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    String[] lines = output.split("\n");
    return lines[lines.length - 1].trim();
  }
}
