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

{{- define "tp.image" -}}
{{- $v := .root.Values.image -}}
{{ printf "%s/%s/%s:%s" $v.registry $v.repositoryPrefix .name (default .root.Chart.AppVersion $v.tag) }}
{{- end }}

{{- define "tp.databaseHost" -}}
{{- if .Values.database.host }}{{ .Values.database.host }}{{ else if .Values.postgres.enabled }}postgres{{ else }}{{ fail "database.host is required when postgres.enabled is false" }}{{ end }}
{{- end }}

{{/* Pod annotations: Prometheus scrapes /q/metrics. */}}
{{- define "tp.podAnnotations" -}}
prometheus.io/scrape: "true"
prometheus.io/path: /q/metrics
prometheus.io/port: {{ .port | quote }}
prometheus.io/scheme: http
{{- end }}

{{/*
The service container: image, port, Kafka settings (ConfigMap telemetry-platform) and credentials, SmallRye Health
probes, resources. Arguments: root, name, port, credentials (a kafka.credentials entry), resources, env (extra env
list), mounts (volumeMounts list).
*/}}
{{- define "tp.container" -}}
- name: {{ .name }}
  image: {{ include "tp.image" . }}
  imagePullPolicy: {{ .root.Values.image.pullPolicy }}
  ports:
    - name: http
      containerPort: {{ .port }}
      protocol: TCP
  envFrom:
    - configMapRef:
        name: telemetry-platform
  env:
    - name: KUBERNETES_NAMESPACE
      valueFrom:
        fieldRef:
          fieldPath: metadata.namespace
    {{- if .credentials.secretName }}
    - name: KAFKA_SASL_JAAS_CONFIG
      valueFrom:
        secretKeyRef:
          name: {{ .credentials.secretName }}
          key: {{ .credentials.key }}
    {{- end }}
    {{- with .env }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  startupProbe:
    httpGet: {path: /q/health/started, port: http}
    initialDelaySeconds: 5
    periodSeconds: 10
    timeoutSeconds: 10
    failureThreshold: 30
  livenessProbe:
    httpGet: {path: /q/health/live, port: http}
    periodSeconds: 10
    timeoutSeconds: 10
    failureThreshold: 3
  readinessProbe:
    httpGet: {path: /q/health/ready, port: http}
    periodSeconds: 10
    timeoutSeconds: 10
    failureThreshold: 3
  resources:
    {{- toYaml .resources | nindent 4 }}
  {{- with .mounts }}
  volumeMounts:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
