-- Argo CD resource actions for ecsdeploy.io/EcsDeployment: which are offered, and when.
-- stop and stop-with-rollback while it runs; continue while it waits (the ready wait, or the
-- termination wait); retry once it has ended.
local actions = {}
local status = nil
local phase = nil
if obj.status ~= nil then
  status = obj.status.status
  phase = obj.status.phase
end
local ended = status == "Succeeded" or status == "Failed" or status == "Stopped"
local waiting = status == "Ready" or phase == "TerminationWait"
actions["stop"] = {["disabled"] = ended}
actions["stop-with-rollback"] = {["disabled"] = ended}
actions["continue"] = {["disabled"] = not waiting}
actions["retry"] = {["disabled"] = not ended}
return actions
