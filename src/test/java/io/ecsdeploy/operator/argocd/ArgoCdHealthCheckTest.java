package io.ecsdeploy.operator.argocd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The Argo CD health checks in operator/argocd/, run by a Lua interpreter on resources as the API
 * server returns them (Argo CD passes the resource as the global {@code obj}).
 */
class ArgoCdHealthCheckTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {}                                                                                   | Progressing | Waiting for the operator
          {"status":{"deploymentId":"d-A","status":"Created"}}                                 | Progressing | d-A is Created
          {"status":{"deploymentId":"d-A","status":"InProgress","currentEvent":"AllowTraffic","trafficSplit":"90/10"}} | Progressing | (AllowTraffic), traffic 90/10
          {"status":{"deploymentId":"d-A","status":"Ready"}}                                   | Suspended   | waits for a continue
          {"status":{"deploymentId":"d-A","status":"Succeeded"}}                               | Healthy     | d-A succeeded
          {"status":{"deploymentId":"d-A","status":"Failed","errorInformation":{"code":"HOOK_EXECUTION_FAILURE","message":"hook failed"}}} | Degraded | failed: HOOK_EXECUTION_FAILURE hook failed
          {"status":{"deploymentId":"d-A","status":"Stopped","errorInformation":{"code":"ALARM_ACTIVE"}}} | Degraded | stopped: ALARM_ACTIVE
          """)
  void deploymentHealth(String resource, String health, String message) throws Exception {
    LuaTable hs = run("ecsdeployment-health.lua", resource);
    assertThat(hs.get("status").tojstring()).isEqualTo(health);
    assertThat(hs.get("message").tojstring()).contains(message);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {}                                                                                   | Progressing | Waiting for the operator
          {"status":{"conditions":[{"type":"Ready","status":"False","reason":"ServiceNotExternal","message":"uses ECS"}]}} | Degraded | ServiceNotExternal: uses ECS
          {"status":{"conditions":[{"type":"Ready","status":"True","message":"ok"}],"currentDeployment":{"name":"web-2"}}} | Progressing | Deploying web-2
          {"status":{"conditions":[{"type":"Ready","status":"True","message":"validated"}]}}   | Healthy     | validated
          """)
  void groupHealth(String resource, String health, String message) throws Exception {
    LuaTable hs = run("ecsdeploymentgroup-health.lua", resource);
    assertThat(hs.get("status").tojstring()).isEqualTo(health);
    assertThat(hs.get("message").tojstring()).contains(message);
  }

  private static LuaTable run(String script, String resource) throws Exception {
    Path file =
        Path.of(System.getProperty("ecsdeploy.repo.dir", "."), "operator", "argocd", script);
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(JSON.readTree(resource)));
    return globals.load(Files.readString(file), script).call().checktable();
  }

  private static LuaValue toLua(JsonNode node) {
    if (node.isObject()) {
      LuaTable table = new LuaTable();
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        table.set(field.getKey(), toLua(field.getValue()));
      }
      return table;
    }
    if (node.isArray()) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < node.size(); i++) {
        table.set(i + 1, toLua(node.get(i)));
      }
      return table;
    }
    if (node.isNumber()) {
      return LuaValue.valueOf(node.asDouble());
    }
    if (node.isBoolean()) {
      return LuaValue.valueOf(node.asBoolean());
    }
    return node.isNull() ? LuaValue.NIL : LuaValue.valueOf(node.asText());
  }
}
