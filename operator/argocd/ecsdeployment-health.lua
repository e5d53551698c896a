-- Argo CD health check for ecsdeploy.io/EcsDeployment.
-- Healthy once the deployment succeeded; Suspended while it waits in its ready wait for a continue;
-- Degraded when it failed or was stopped; Progressing otherwise, and while the operator has not yet seen
-- the latest spec (status.observedGeneration behind metadata.generation).
local hs = {}
if obj.status == nil or obj.status.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to pick up the deployment"
  return hs
end
if obj.metadata ~= nil and obj.metadata.generation ~= nil
    and (obj.status.observedGeneration == nil or obj.status.observedGeneration < obj.metadata.generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to see generation " .. obj.metadata.generation
  return hs
end
local status = obj.status.status
local id = obj.status.deploymentId or ""
if status == "Succeeded" then
  hs.status = "Healthy"
  hs.message = "Deployment " .. id .. " succeeded"
elseif status == "Failed" or status == "Stopped" then
  hs.status = "Degraded"
  hs.message = "Deployment " .. id .. " " .. string.lower(status)
  if obj.status.errorInformation ~= nil and obj.status.errorInformation.code ~= nil then
    hs.message = hs.message .. ": " .. obj.status.errorInformation.code
    if obj.status.errorInformation.message ~= nil then
      hs.message = hs.message .. " " .. obj.status.errorInformation.message
    end
  end
elseif status == "Ready" then
  hs.status = "Suspended"
  hs.message = "Deployment " .. id .. " waits for a continue (spec.operations.continueDeployment.readyWait)"
else
  hs.status = "Progressing"
  hs.message = "Deployment " .. id .. " is " .. status
  if obj.status.currentEvent ~= nil then
    hs.message = hs.message .. " (" .. obj.status.currentEvent .. ")"
  end
  if obj.status.trafficSplit ~= nil then
    hs.message = hs.message .. ", traffic " .. obj.status.trafficSplit
  end
end
return hs
