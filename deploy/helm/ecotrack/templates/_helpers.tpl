{{/* Release-qualified name: "ecotrack" for a release named ecotrack, else "<release>-ecotrack". */}}
{{- define "ecotrack.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "ecotrack.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Selector of one component (serve or worker); call with (dict "root" $ "component" "serve"). */}}
{{- define "ecotrack.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "ecotrack.secretName" -}}
{{- .Values.secret.existingSecret | default (printf "%s-secrets" (include "ecotrack.fullname" .)) -}}
{{- end -}}

{{/* The container spec shared by serve and worker; call with (dict "root" $ "args" list "resources" map). */}}
{{- define "ecotrack.container" -}}
image: "{{ .root.Values.image.repository }}:{{ .root.Values.image.tag }}"
imagePullPolicy: {{ .root.Values.image.pullPolicy }}
args: {{ toJson .args }}
env:
  - name: ECOTRACK_DATABASE
    valueFrom: {secretKeyRef: {name: {{ include "ecotrack.secretName" .root }}, key: database}}
  - name: ECOTRACK_JWT_SECRET
    valueFrom: {secretKeyRef: {name: {{ include "ecotrack.secretName" .root }}, key: jwtSecret}}
  - name: ECOTRACK_METRICS_TOKEN
    valueFrom: {secretKeyRef: {name: {{ include "ecotrack.secretName" .root }}, key: metricsToken}}
resources: {{ toJson .resources }}
securityContext: {{ toJson .root.Values.securityContext }}
volumeMounts:
  - {name: config, mountPath: /etc/ecotrack, readOnly: true}
  - {name: tmp, mountPath: /tmp}
  - {name: work, mountPath: /var/lib/ecotrack}
{{- end -}}

{{/* Pod-level fields shared by serve and worker. */}}
{{- define "ecotrack.podCommon" -}}
securityContext: {{ toJson .Values.podSecurityContext }}
automountServiceAccountToken: false
{{- with .Values.imagePullSecrets }}
imagePullSecrets: {{ toJson . }}
{{- end }}
volumes:
  - name: config
    configMap: {name: {{ include "ecotrack.fullname" . }}-config}
  - {name: tmp, emptyDir: {}}
  - {name: work, emptyDir: {}}
{{- end -}}
