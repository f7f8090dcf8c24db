{{/* Common labels. */}}
{{- define "comply.labels" -}}
app.kubernetes.io/name: comply
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* Selector labels of the webhook pods. */}}
{{- define "comply.selector" -}}
app.kubernetes.io/name: comply
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: admission-webhook
{{- end }}

{{/* Resource name prefix. */}}
{{- define "comply.fullname" -}}
{{- printf "%s-webhook" .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- end }}
