{{- define "ecs-deploy-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "ecs-deploy-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "ecs-deploy-operator.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "ecs-deploy-operator.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "ecs-deploy-operator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "ecs-deploy-operator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "ecs-deploy-operator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "ecs-deploy-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "ecs-deploy-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "ecs-deploy-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "ecs-deploy-operator.hookServiceName" -}}
{{- printf "%s-hooks" (include "ecs-deploy-operator.fullname" . | trunc 57 | trimSuffix "-") }}
{{- end }}

{{- define "ecs-deploy-operator.leaseName" -}}
{{- default (include "ecs-deploy-operator.fullname" .) .Values.leaderElection.leaseName }}
{{- end }}

{{/* What the operator does with its own resources; the same rules cluster-wide or per namespace. */}}
{{- define "ecs-deploy-operator.rules" -}}
- apiGroups: [ecsdeploy.io]
  resources: [ecsapplications, ecsdeploymentconfigs, ecsdeploymentgroups]
  verbs: [get, list, watch]
# Groups create deployments from their revision and prune finished ones; deployments carry a finalizer
# (a running deployment is stopped with rollback before it goes) and the hook reports' annotation.
- apiGroups: [ecsdeploy.io]
  resources: [ecsdeployments]
  verbs: [get, list, watch, create, patch, update, delete]
- apiGroups: [ecsdeploy.io]
  resources: [ecsapplications/status, ecsdeploymentconfigs/status, ecsdeploymentgroups/status, ecsdeployments/status]
  verbs: [get, patch, update]
# Deployments are owned by their group (garbage collection); OwnerReferencesPermissionEnforcement asks for this.
- apiGroups: [ecsdeploy.io]
  resources: [ecsdeploymentgroups/finalizers, ecsdeployments/finalizers]
  verbs: [update]
- apiGroups: [events.k8s.io]
  resources: [events]
  verbs: [create]
{{- with .Values.rbac.extraRules }}
{{ toYaml . }}
{{- end }}
{{- end }}
