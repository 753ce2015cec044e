{{/*
Names, labels and the pieces every EDRS pod shares. Written here rather than taken from bitnami/common: a chart
dependency cannot be fetched on the machines that build this one, and EDRS needs only a handful of helpers.
*/}}

{{/* The chart name, or nameOverride. */}}
{{- define "edrs.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release-scoped name: fullnameOverride, else {release}-{name} (just the release when it already contains the name). */}}
{{- define "edrs.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The name of one component's resources: {fullname}-{component}. Usage: include "edrs.componentName" (dict "context" $ "component" "member") */}}
{{- define "edrs.componentName" -}}
{{- printf "%s-%s" (include "edrs.fullname" .context) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "edrs.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Labels of every resource. Usage: include "edrs.labels" (dict "context" $ "component" "member"); component is optional. */}}
{{- define "edrs.labels" -}}
{{ include "edrs.matchLabels" . }}
helm.sh/chart: {{ include "edrs.chart" .context }}
app.kubernetes.io/managed-by: {{ .context.Release.Service }}
app.kubernetes.io/version: {{ .context.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: edrs
{{- with .context.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Immutable selector labels. Usage as edrs.labels. */}}
{{- define "edrs.matchLabels" -}}
app.kubernetes.io/name: {{ include "edrs.name" .context }}
app.kubernetes.io/instance: {{ .context.Release.Name }}
{{- if .component }}
app.kubernetes.io/component: {{ .component }}
{{- end }}
{{- end -}}

{{/* Selector of the pods that are Proto.Cluster members (member, gateway, inference; not the migration job). */}}
{{- define "edrs.clusterMemberLabels" -}}
app.kubernetes.io/name: {{ include "edrs.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
edrs/cluster-member: "true"
{{- end -}}

{{/* Selector of every pod of this release. */}}
{{- define "edrs.releaseLabels" -}}
app.kubernetes.io/name: {{ include "edrs.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "edrs.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "edrs.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* An image reference. Usage: include "edrs.image" (dict "context" $ "image" .Values.member.image) */}}
{{- define "edrs.image" -}}
{{- $registry := default .image.registry .context.Values.global.imageRegistry -}}
{{- $repository := .image.repository -}}
{{- if $registry -}}
{{- $repository = printf "%s/%s" $registry .image.repository -}}
{{- end -}}
{{- if .image.digest -}}
{{- printf "%s@%s" $repository .image.digest -}}
{{- else -}}
{{- printf "%s:%s" $repository (default .context.Chart.AppVersion .image.tag | toString) -}}
{{- end -}}
{{- end -}}

{{- define "edrs.imagePullSecrets" -}}
{{- with .Values.global.imagePullSecrets -}}
imagePullSecrets:
{{- range . }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end -}}

{{/* A security context without the chart's own "enabled" switch. */}}
{{- define "edrs.securityContext" -}}
{{- toYaml (omit . "enabled") -}}
{{- end -}}

{{/* The environment every Proto.Cluster pod needs: who it is (downward API) and where the journal is (secret). */}}
{{- define "edrs.podEnv" -}}
- name: Cluster__Kubernetes__PodName
  valueFrom:
    fieldRef:
      fieldPath: metadata.name
- name: Cluster__Kubernetes__Namespace
  valueFrom:
    fieldRef:
      fieldPath: metadata.namespace
- name: Cluster__Kubernetes__PodIp
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: Cluster__AdvertisedHost
  valueFrom:
    fieldRef:
      fieldPath: status.podIP
- name: Journal__ConnectionString
  valueFrom:
    secretKeyRef:
      name: {{ .Values.postgresql.existingSecret | quote }}
      key: {{ .Values.postgresql.existingSecretKey | quote }}
- name: OTEL_RESOURCE_ATTRIBUTES
  value: "k8s.namespace.name=$(Cluster__Kubernetes__Namespace),k8s.pod.name=$(Cluster__Kubernetes__PodName)"
{{- end -}}

{{/* One probe. Usage: include "edrs.probe" (dict "probe" .Values.member.livenessProbe "path" "/health/liveness") */}}
{{- define "edrs.probe" -}}
httpGet:
  path: {{ .path }}
  port: http
{{ toYaml (omit .probe "enabled") }}
{{- end -}}

{{/* Soft or hard pod anti-affinity across hosts for one component. */}}
{{- define "edrs.antiAffinityPreset" -}}
{{- $selector := include "edrs.matchLabels" (dict "context" .context "component" .component) -}}
{{- if eq .preset "hard" -}}
podAntiAffinity:
  requiredDuringSchedulingIgnoredDuringExecution:
    - topologyKey: kubernetes.io/hostname
      labelSelector:
        matchLabels: {{- $selector | nindent 10 }}
{{- else if eq .preset "soft" -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 1
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels: {{- $selector | nindent 12 }}
{{- end }}
{{- end -}}

{{/* The Deployment of one Proto.Cluster component. Usage: include "edrs.clusterDeployment" (dict "context" $ "component" "member" "values" .Values.member) */}}
{{- define "edrs.clusterDeployment" -}}
{{- $ctx := .context -}}
{{- $component := .component -}}
{{- $values := .values -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "edrs.componentName" . }}
  namespace: {{ $ctx.Release.Namespace | quote }}
  labels: {{- include "edrs.labels" . | nindent 4 }}
  {{- with $ctx.Values.commonAnnotations }}
  annotations: {{- toYaml . | nindent 4 }}
  {{- end }}
spec:
  {{- if not $values.autoscaling.enabled }}
  replicas: {{ $values.replicaCount }}
  {{- end }}
  revisionHistoryLimit: 10
  strategy: {{- toYaml $values.updateStrategy | nindent 4 }}
  selector:
    matchLabels: {{- include "edrs.matchLabels" . | nindent 6 }}
  template:
    metadata:
      labels: {{- include "edrs.labels" . | nindent 8 }}
        edrs/cluster-member: "true"
        {{- with $values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include (print $ctx.Template.BasePath "/configmap.yaml") $ctx | sha256sum }}
        {{- with $values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "edrs.serviceAccountName" $ctx }}
      # The Kubernetes cluster provider reads and labels pods with this account's token.
      automountServiceAccountToken: true
      enableServiceLinks: false
      {{- with (include "edrs.imagePullSecrets" $ctx) }}
      {{- . | nindent 6 }}
      {{- end }}
      {{- if $ctx.Values.podSecurityContext.enabled }}
      securityContext: {{- include "edrs.securityContext" $ctx.Values.podSecurityContext | nindent 8 }}
      {{- end }}
      terminationGracePeriodSeconds: {{ $values.terminationGracePeriodSeconds }}
      {{- with $values.priorityClassName }}
      priorityClassName: {{ . | quote }}
      {{- end }}
      {{- if $values.affinity }}
      affinity: {{- tpl (toYaml $values.affinity) $ctx | nindent 8 }}
      {{- else if $values.podAntiAffinityPreset }}
      affinity: {{- include "edrs.antiAffinityPreset" (dict "context" $ctx "component" $component "preset" $values.podAntiAffinityPreset) | nindent 8 }}
      {{- end }}
      {{- with $values.nodeSelector }}
      nodeSelector: {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with $values.tolerations }}
      tolerations: {{- toYaml . | nindent 8 }}
      {{- end }}
      topologySpreadConstraints:
      {{- if $values.topologySpreadConstraints }}
        {{- tpl (toYaml $values.topologySpreadConstraints) $ctx | nindent 8 }}
      {{- else }}
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels: {{- include "edrs.matchLabels" . | nindent 14 }}
      {{- end }}
      containers:
        - name: {{ $component }}
          image: {{ include "edrs.image" (dict "context" $ctx "image" $values.image) }}
          imagePullPolicy: {{ $values.image.pullPolicy }}
          {{- if $ctx.Values.containerSecurityContext.enabled }}
          securityContext: {{- include "edrs.securityContext" $ctx.Values.containerSecurityContext | nindent 12 }}
          {{- end }}
          envFrom:
            - configMapRef:
                name: {{ include "edrs.fullname" $ctx }}
          env:
            {{- include "edrs.podEnv" $ctx | nindent 12 }}
            - name: Kestrel__Endpoints__Http__Url
              value: "http://*:{{ $values.containerPorts.http }}"
            {{- if $values.containerPorts.grpc }}
            - name: Kestrel__Endpoints__Grpc__Url
              value: "http://*:{{ $values.containerPorts.grpc }}"
            - name: Kestrel__Endpoints__Grpc__Protocols
              value: Http2
            {{- end }}
            {{- with $values.auth }}
            {{- if .existingSecret }}
            - name: Auth__SigningKey
              valueFrom:
                secretKeyRef:
                  name: {{ .existingSecret | quote }}
                  key: {{ .signingKeyKey | quote }}
            {{- end }}
            {{- if .authority }}
            - name: Auth__Authority
              value: {{ .authority | quote }}
            {{- end }}
            {{- end }}
            {{- with $values.extraEnvVars }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          ports:
            - name: http
              containerPort: {{ $values.containerPorts.http }}
              protocol: TCP
            {{- if $values.containerPorts.grpc }}
            - name: grpc
              containerPort: {{ $values.containerPorts.grpc }}
              protocol: TCP
            {{- end }}
            - name: remoting
              containerPort: {{ $ctx.Values.cluster.remotingPort }}
              protocol: TCP
            - name: metrics
              containerPort: {{ $ctx.Values.metrics.port }}
              protocol: TCP
          resources: {{- toYaml $values.resources | nindent 12 }}
          {{- if $values.startupProbe.enabled }}
          startupProbe: {{- include "edrs.probe" (dict "probe" $values.startupProbe "path" "/health/startup") | nindent 12 }}
          {{- end }}
          {{- if $values.livenessProbe.enabled }}
          livenessProbe: {{- include "edrs.probe" (dict "probe" $values.livenessProbe "path" "/health/liveness") | nindent 12 }}
          {{- end }}
          {{- if $values.readinessProbe.enabled }}
          readinessProbe: {{- include "edrs.probe" (dict "probe" $values.readinessProbe "path" "/health/readiness") | nindent 12 }}
          {{- end }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- if $values.modelCacheSizeLimit }}
            - name: model-cache
              mountPath: /var/cache/edrs/models
            {{- end }}
      volumes:
        # The root filesystem is read-only: these are the only writable paths.
        - name: tmp
          emptyDir:
            sizeLimit: {{ $ctx.Values.tmpSizeLimit }}
        {{- if $values.modelCacheSizeLimit }}
        - name: model-cache
          emptyDir:
            sizeLimit: {{ $values.modelCacheSizeLimit }}
        {{- end }}
{{- end -}}

{{/* A PodDisruptionBudget for one component. Usage as edrs.clusterDeployment. */}}
{{- define "edrs.pdb" -}}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "edrs.componentName" . }}
  namespace: {{ .context.Release.Namespace | quote }}
  labels: {{- include "edrs.labels" . | nindent 4 }}
spec:
  minAvailable: {{ .values.pdb.minAvailable }}
  selector:
    matchLabels: {{- include "edrs.matchLabels" . | nindent 6 }}
{{- end -}}

{{/* A HorizontalPodAutoscaler on CPU for one component. Usage as edrs.clusterDeployment. */}}
{{- define "edrs.hpa" -}}
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: {{ include "edrs.componentName" . }}
  namespace: {{ .context.Release.Namespace | quote }}
  labels: {{- include "edrs.labels" . | nindent 4 }}
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: {{ include "edrs.componentName" . }}
  minReplicas: {{ .values.autoscaling.minReplicas }}
  maxReplicas: {{ .values.autoscaling.maxReplicas }}
  metrics:
    - type: Resource
      resource:
        name: cpu
        target:
          type: Utilization
          averageUtilization: {{ .values.autoscaling.targetCPU }}
{{- end -}}
