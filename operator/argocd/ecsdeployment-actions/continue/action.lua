-- Ends the wait the deployment is in: the ready wait (production traffic starts to shift), or the
-- termination wait (the original task set is removed now).
if obj.spec.operations == nil then
  obj.spec.operations = {}
end
local continue = obj.spec.operations.continueDeployment or {}
if obj.status ~= nil and obj.status.phase == "TerminationWait" then
  continue.terminationWait = true
else
  continue.readyWait = true
end
obj.spec.operations.continueDeployment = continue
return obj
