-- Argo CD health check for ecsdeploy.io/EcsDeploymentGroup: follows its Ready condition, and shows a
-- deployment in progress, or a spec the operator has not seen yet, as Progressing.
local hs = {}
if obj.status == nil or obj.status.conditions == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to check the group"
  return hs
end
if obj.metadata ~= nil and obj.metadata.generation ~= nil
    and (obj.status.observedGeneration == nil or obj.status.observedGeneration < obj.metadata.generation) then
  -- A new spec.revision, say, that the operator has not seen yet: not Healthy until it has.
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to see generation " .. obj.metadata.generation
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
