-- Stops the deployment without rolling back (spec.operations.stop, as kubectl ecsdeploy stop --no-rollback).
if obj.spec.operations == nil then
  obj.spec.operations = {}
end
obj.spec.operations.stop = {["autoRollbackEnabled"] = false}
return obj
