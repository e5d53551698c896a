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
          {"metadata":{"generation":2},"status":{"deploymentId":"d-A","status":"Succeeded","observedGeneration":1}} | Progressing | see generation 2
          {"metadata":{"generation":2},"status":{"deploymentId":"d-A","status":"Succeeded","observedGeneration":2}} | Healthy | d-A succeeded
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
          {"metadata":{"generation":3},"status":{"observedGeneration":2,"conditions":[{"type":"Ready","status":"True","message":"validated"}]}} | Progressing | see generation 3
          {"metadata":{"generation":3},"status":{"observedGeneration":3,"conditions":[{"type":"Ready","status":"True","message":"validated"}]}} | Healthy | validated
          """)
  void groupHealth(String resource, String health, String message) throws Exception {
    LuaTable hs = run("ecsdeploymentgroup-health.lua", resource);
    assertThat(hs.get("status").tojstring()).isEqualTo(health);
    assertThat(hs.get("message").tojstring()).contains(message);
  }

  @ParameterizedTest(name = "{0} offers {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {}                                                              | stop,stop-with-rollback
          {"status":{"status":"InProgress","phase":"AllowTraffic"}}       | stop,stop-with-rollback
          {"status":{"status":"Ready","phase":"ReadyWait"}}               | continue,stop,stop-with-rollback
          {"status":{"status":"InProgress","phase":"TerminationWait"}}    | continue,stop,stop-with-rollback
          {"status":{"status":"Succeeded","phase":"Finished"}}            | retry
          {"status":{"status":"Failed","phase":"Finished"}}               | retry
          """)
  void offersTheActionsThatApply(String resource, String offered) throws Exception {
    LuaTable actions = run("ecsdeployment-actions/discovery.lua", resource);
    java.util.List<String> enabled = new java.util.ArrayList<>();
    for (LuaValue name : actions.keys()) {
      if (!actions.get(name).get("disabled").toboolean()) {
        enabled.add(name.tojstring());
      }
    }
    java.util.Collections.sort(enabled);
    assertThat(String.join(",", enabled)).isEqualTo(offered);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          stop               | {"spec":{"deploymentGroupName":"web"}}                                | {"stop":{"autoRollbackEnabled":false}}
          stop-with-rollback | {"spec":{"deploymentGroupName":"web","operations":{}}}                | {"stop":{"autoRollbackEnabled":true}}
          continue           | {"spec":{"deploymentGroupName":"web"},"status":{"status":"Ready","phase":"ReadyWait"}} | {"continueDeployment":{"readyWait":true}}
          continue           | {"spec":{"deploymentGroupName":"web"},"status":{"status":"InProgress","phase":"TerminationWait"}} | {"continueDeployment":{"terminationWait":true}}
          """)
  void setsTheOperationOnTheDeployment(String action, String resource, String operations)
      throws Exception {
    LuaTable changed = run("ecsdeployment-actions/" + action + "/action.lua", resource);
    assertThat(toJson(changed).get("spec").get("operations")).isEqualTo(JSON.readTree(operations));
    assertThat(toJson(changed).get("spec").get("deploymentGroupName").asText()).isEqualTo("web");
  }

  @org.junit.jupiter.api.Test
  void retryCreatesANewDeploymentOfTheSameRevisionGroupAndOverrides() throws Exception {
    String ended =
        """
        {"apiVersion":"ecsdeploy.io/v1alpha1","kind":"EcsDeployment",
         "metadata":{"name":"web-2","namespace":"team-a","labels":{"ecsdeploy.io/deployment-group":"web","ecsdeploy.io/deployment-id":"d-A"}},
         "spec":{"deploymentGroupName":"web","revision":{"appSpecContent":{"content":"version: 0.0"}},
                 "overrides":{"deploymentConfigName":"CodeDeployDefault.ECSAllAtOnce"},
                 "operations":{"stop":{"autoRollbackEnabled":true}}},
         "status":{"status":"Stopped"}}
        """;
    LuaTable impacted = run("ecsdeployment-actions/retry/action.lua", ended);
    JsonNode create = toJson(impacted.get(1).checktable());
    assertThat(create.get("operation").asText()).isEqualTo("create");
    JsonNode retry = create.get("resource");
    assertThat(retry.at("/metadata/name").asText()).startsWith("web-2-retry-");
    assertThat(retry.at("/metadata/namespace").asText()).isEqualTo("team-a");
    assertThat(retry.at("/metadata/labels"))
        .isEqualTo(
            JSON.readTree(
                "{\"ecsdeploy.io/deployment-group\":\"web\",\"ecsdeploy.io/creator\":\"user\"}"));
    assertThat(retry.at("/spec/revision/appSpecContent/content").asText())
        .isEqualTo("version: 0.0");
    assertThat(retry.at("/spec/overrides/deploymentConfigName").asText())
        .isEqualTo("CodeDeployDefault.ECSAllAtOnce");
    assertThat(retry.at("/spec").has("operations")).as("the stop is not carried over").isFalse();
    assertThat(retry.has("status")).isFalse();
  }

  /** A Lua table as JSON: tables with keys 1..n are arrays. */
  private static JsonNode toJson(LuaValue value) {
    if (value.istable()) {
      LuaTable table = value.checktable();
      if (table.length() > 0) {
        var array = JSON.createArrayNode();
        for (int i = 1; i <= table.length(); i++) {
          array.add(toJson(table.get(i)));
        }
        return array;
      }
      var object = JSON.createObjectNode();
      for (LuaValue key : table.keys()) {
        object.set(key.tojstring(), toJson(table.get(key)));
      }
      return object;
    }
    if (value.isboolean()) {
      return JSON.getNodeFactory().booleanNode(value.toboolean());
    }
    if (value.isnumber()) {
      return JSON.getNodeFactory().numberNode(value.todouble());
    }
    return value.isnil() ? JSON.nullNode() : JSON.getNodeFactory().textNode(value.tojstring());
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
