-- Stops the deployment and rolls it back: traffic to the original task set, the replacement removed.
if obj.spec.operations == nil then
  obj.spec.operations = {}
end
obj.spec.operations.stop = {["autoRollbackEnabled"] = true}
return obj
