{{/* Labels of every object of the chart; "name" is the component. */}}
{{- define "tp.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/part-of: telemetry-platform
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end }}

{{/* Selector labels: stable across upgrades. */}}
{{- define "tp.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{- define "tp.databaseHost" -}}
{{- if .Values.database.host }}{{ .Values.database.host }}{{ else if .Values.postgres.enabled }}postgres{{ else }}{{ fail "database.host is required when postgres.enabled is false" }}{{ end }}
{{- end }}
