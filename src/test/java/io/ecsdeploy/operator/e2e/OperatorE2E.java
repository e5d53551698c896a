package io.ecsdeploy.operator.e2e;

import io.ecsdeploy.operator.testsupport.AwsEmulatorsExtension;
import io.ecsdeploy.operator.testsupport.Crds;
import io.ecsdeploy.operator.testsupport.DemoWorld;
import io.ecsdeploy.operator.testsupport.KubeApiServerExtension;
import io.ecsdeploy.operator.testsupport.OperatorUnderTest;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What every end-to-end class starts from: the CRDs in the API server, empty emulators with the
 * hook functions, and the operator running against both.
 */
@ExtendWith({KubeApiServerExtension.class, AwsEmulatorsExtension.class})
abstract class OperatorE2E {
  static KubernetesClient client;
  static OperatorUnderTest operator;

  @BeforeAll
  static void startOperator(KubernetesClient kubernetes) {
    client = kubernetes;
    AwsEmulatorsExtension.reset();
    Crds.install(client);
    operator = OperatorUnderTest.start(KubeApiServerExtension.newAdminClient());
    DemoWorld.createHookFunctions(operator.hookEndpoint());
  }

  @AfterAll
  static void stopOperator() {
    if (operator != null) {
      operator.close();
      operator = null;
    }
    E2EScenario.deleteAllResources(KubeApiServerExtension.adminClient());
  }
}
