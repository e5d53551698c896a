-- Creates a new deployment of the same revision to the same group, with the same overrides: a
-- deployment that has ended never runs again, so retrying is deploying anew.
local retry = {}
retry.apiVersion = obj.apiVersion
retry.kind = obj.kind
retry.metadata = {}
retry.metadata.name = string.sub(obj.metadata.name, 1, 200) .. "-retry-" .. os.time()
retry.metadata.namespace = obj.metadata.namespace
retry.metadata.labels = {}
if obj.metadata.labels ~= nil and obj.metadata.labels["ecsdeploy.io/deployment-group"] ~= nil then
  retry.metadata.labels["ecsdeploy.io/deployment-group"] = obj.metadata.labels["ecsdeploy.io/deployment-group"]
end
retry.metadata.labels["ecsdeploy.io/creator"] = "user"
retry.spec = {}
retry.spec.deploymentGroupName = obj.spec.deploymentGroupName
retry.spec.revision = obj.spec.revision
retry.spec.overrides = obj.spec.overrides
retry.spec.description = "Retry of " .. obj.metadata.name
local impacted = {}
impacted[1] = {["operation"] = "create", ["resource"] = retry}
return impacted
