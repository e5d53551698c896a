-- Argo CD health check for ecsdeploy.io/EcsDeploymentGroup: follows its Ready condition, and shows a
-- deployment in progress as Progressing.
local hs = {}
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to check the group"
  return hs
end
local ready = nil
for _, condition in ipairs(obj.status.conditions) do
  if condition.type == "Ready" then
    ready = condition
  end
end
if ready == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to check the group"
elseif ready.status ~= "True" then
  hs.status = "Degraded"
  hs.message = (ready.reason or "NotReady") .. ": " .. (ready.message or "")
elseif obj.status.currentDeployment ~= nil then
  hs.status = "Progressing"
  hs.message = "Deploying " .. (obj.status.currentDeployment.name or "")
else
  hs.status = "Healthy"
  hs.message = ready.message or "Ready"
end
return hs
