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

{{/* A name scoped to the release, for the objects this chart owns: <release>-<name>. */}}
{{- define "tp.name" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* An image reference; global.imageRegistry (when set) replaces its registry (a first part with "." or ":", or localhost). */}}
{{- define "tp.image" -}}
{{- with .root.Values.global.imageRegistry }}{{ . }}/{{ regexReplaceAll "^([^/]*[.:][^/]*|localhost)/" $.image "" }}{{ else }}{{ .image }}{{ end }}
{{- end }}

{{- define "tp.kafkaCluster" -}}
{{- .Values.strimzi.kafka.clusterName | default .Release.Name }}
{{- end }}

{{- define "tp.bootstrapServers" -}}
{{- .Values.kafka.bootstrapServers | default (printf "%s-kafka-bootstrap:9092" (include "tp.kafkaCluster" .)) }}
{{- end }}

{{/* Replication of the topics (and Kafka's internal ones): min(3, nodes) unless set. */}}
{{- define "tp.replicas" -}}
{{- if gt (int .Values.strimzi.topics.replicas) 0 }}{{ int .Values.strimzi.topics.replicas }}{{ else }}{{ min 3 (int .Values.strimzi.kafka.nodePool.replicas) }}{{ end }}
{{- end }}

{{/* Minimum in-sync replicas: replication - 1, at least 1, unless set. */}}
{{- define "tp.minIsr" -}}
{{- if gt (int .Values.strimzi.topics.minInsyncReplicas) 0 }}{{ int .Values.strimzi.topics.minInsyncReplicas }}{{ else }}{{ max 1 (sub (int (include "tp.replicas" .)) 1) }}{{ end }}
{{- end }}

{{- define "tp.databaseHost" -}}
{{- if .Values.database.host }}{{ .Values.database.host }}{{ else if .Values.postgres.enabled }}{{ include "tp.name" (dict "root" . "name" "postgres") }}{{ else }}{{ fail "database.host is required when postgres.enabled is false" }}{{ end }}
{{- end }}

{{/* Restricted Pod Security (https://kubernetes.io/docs/concepts/security/pod-security-standards/): the pod's part. */}}
{{- define "tp.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .user }}
runAsGroup: {{ .user }}
fsGroup: {{ .user }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Restricted Pod Security: each container's part (a read-only root filesystem; writable paths are volumes). */}}
{{- define "tp.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: [ALL]
{{- end }}
