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

{{/* The provider's service account: members and inference pods, bound to the Role. */}}
{{- define "edrs.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "edrs.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The gateway's own service account, never the provider's. */}}
{{- define "edrs.gatewayServiceAccountName" -}}
{{- if .Values.gateway.serviceAccount.create -}}
{{- default (include "edrs.componentName" (dict "context" . "component" "gateway")) .Values.gateway.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.gateway.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* "true" when the component's pods run the Kubernetes membership provider (and so need a token and API egress). Usage: include "edrs.usesKubernetesApi" (dict "context" $ "component" "gateway") */}}
{{- define "edrs.usesKubernetesApi" -}}
{{- if or (ne .component "gateway") (eq .context.Values.gateway.clusterJoin "kubernetes") -}}
true
{{- end -}}
{{- end -}}

{{/* Members' headless Service through which relay-mode gateways get the topology. */}}
{{- define "edrs.relayServiceName" -}}
{{- printf "%s-relay" (include "edrs.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The Secret holding the cluster certificate: the existing one, or the one cert-manager writes. */}}
{{- define "edrs.clusterTlsSecretName" -}}
{{- if .Values.cluster.tls.existingSecret -}}
{{- .Values.cluster.tls.existingSecret -}}
{{- else -}}
{{- printf "%s-cluster-tls" (include "edrs.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Where the cluster certificate is mounted; the Cluster__Tls__*Path variables point into it. */}}
{{- define "edrs.clusterTlsPath" -}}
/etc/edrs/cluster-tls
{{- end -}}

{{/*
Settings the chart cannot render safely: every problem at once, each naming the value to set. Included by
configmap.yaml, which every release renders.
*/}}
{{- define "edrs.validateValues" -}}
{{- $problems := list -}}
{{- $tls := .Values.cluster.tls -}}
{{- if $tls.enabled -}}
{{- if and (not $tls.existingSecret) (not $tls.certManager.enabled) -}}
{{- $problems = append $problems "cluster.tls.enabled is true but no certificate is given: set cluster.tls.existingSecret to a Secret with tls.crt, tls.key and ca.crt (kubectl create secret generic edrs-cluster-tls --from-file=tls.crt --from-file=tls.key --from-file=ca.crt), or set cluster.tls.certManager.enabled=true with cluster.tls.certManager.issuerRef.name, or turn remoting TLS off with cluster.tls.enabled=false." -}}
{{- end -}}
{{- if and $tls.existingSecret $tls.certManager.enabled -}}
{{- $problems = append $problems "cluster.tls.existingSecret and cluster.tls.certManager.enabled are both set: choose one source for the cluster certificate." -}}
{{- end -}}
{{- if and $tls.certManager.enabled (not $tls.certManager.issuerRef.name) -}}
{{- $problems = append $problems "cluster.tls.certManager.enabled is true but cluster.tls.certManager.issuerRef.name is empty: name the (CA) Issuer or ClusterIssuer that signs the cluster certificate." -}}
{{- end -}}
{{- end -}}
{{- if not (has .Values.gateway.clusterJoin (list "kubernetes" "relay")) -}}
{{- $problems = append $problems (printf "gateway.clusterJoin must be kubernetes or relay (was '%v')." .Values.gateway.clusterJoin) -}}
{{- end -}}
{{- if eq (include "edrs.serviceAccountName" .) (include "edrs.gatewayServiceAccountName" .) -}}
{{- $problems = append $problems (printf "gateway.serviceAccount.name and serviceAccount.name both resolve to '%s': the internet-facing gateway must not run under the membership provider's account; give it a name of its own." (include "edrs.serviceAccountName" .)) -}}
{{- end -}}
{{- range $component := list "member" "gateway" "inference" -}}
{{- $values := index $.Values $component -}}
{{- if and (or (ne $component "inference") $values.enabled) (not $values.startupProbe.enabled) -}}
{{- $problems = append $problems (printf "%s.startupProbe.enabled is false: the Kubernetes membership provider admits a pod once its startup probe (/health/startup) has passed, so without it a pod would count as a member before it has joined; keep it true and tune its timings instead." $component) -}}
{{- end -}}
{{- end -}}
{{- $np := .Values.networkPolicy -}}
{{- if $np.enabled -}}
{{- if not $np.dnsTo -}}
{{- $problems = append $problems "networkPolicy.dnsTo is empty: name the DNS servers (default: the kube-dns pods in kube-system)." -}}
{{- end -}}
{{- if not $np.postgresqlTo -}}
{{- $problems = append $problems "networkPolicy.postgresqlTo is empty: name where PostgreSQL is (an ipBlock with its CIDR, or a namespaceSelector/podSelector)." -}}
{{- end -}}
{{- if not $np.kubernetesApiTo -}}
{{- $problems = append $problems "networkPolicy.kubernetesApiTo is empty: name the Kubernetes API server's endpoint addresses as ipBlocks (kubectl get endpointslice -n default -l kubernetes.io/service-name=kubernetes -o jsonpath='{.items[*].endpoints[*].addresses[*]}'), or set networkPolicy.enabled=false." -}}
{{- end -}}
{{- if and .Values.telemetry.otlpEndpoint (not $np.otlpTo) -}}
{{- $problems = append $problems "telemetry.otlpEndpoint is set but networkPolicy.otlpTo is empty: name where the OTLP collector is (e.g. a namespaceSelector for its namespace)." -}}
{{- end -}}
{{- if and .Values.gateway.auth.authority (not $np.authorityTo) -}}
{{- $problems = append $problems "gateway.auth.authority is set but networkPolicy.authorityTo is empty: name where the OIDC issuer is (an ipBlock, or the egress proxy's pods)." -}}
{{- end -}}
{{- range $i, $rule := $np.extraEgress -}}
{{- if not (and (kindIs "map" $rule) $rule.to) -}}
{{- $problems = append $problems (printf "networkPolicy.extraEgress[%d] has no destination: give it a non-empty 'to' (ipBlock, namespaceSelector or podSelector)." $i) -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if $problems -}}
{{- fail (printf "\n%s" (join "\n" $problems)) -}}
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
- name: Cluster__Tls__Enabled
  value: {{ .Values.cluster.tls.enabled | quote }}
{{- if .Values.cluster.tls.enabled }}
- name: Cluster__Tls__CertificatePath
  value: {{ printf "%s/tls.crt" (include "edrs.clusterTlsPath" .) | quote }}
- name: Cluster__Tls__KeyPath
  value: {{ printf "%s/tls.key" (include "edrs.clusterTlsPath" .) | quote }}
- name: Cluster__Tls__CaPath
  value: {{ printf "%s/ca.crt" (include "edrs.clusterTlsPath" .) | quote }}
{{- end }}
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
{{- $usesApi := include "edrs.usesKubernetesApi" . -}}
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
        {{- if $usesApi }}
        edrs/kubernetes-api: "true"
        {{- end }}
        {{- with $values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        checksum/config: {{ include (print $ctx.Template.BasePath "/configmap.yaml") $ctx | sha256sum }}
        {{- with $values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      {{- if eq $component "gateway" }}
      serviceAccountName: {{ include "edrs.gatewayServiceAccountName" $ctx }}
      {{- else }}
      serviceAccountName: {{ include "edrs.serviceAccountName" $ctx }}
      {{- end }}
      {{- if $usesApi }}
      # The Kubernetes membership provider reads and labels pods with this account's token.
      automountServiceAccountToken: true
      {{- else }}
      # No Kubernetes API token: this pod gets the topology from the members (gateway.clusterJoin=relay).
      automountServiceAccountToken: false
      {{- end }}
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
            {{- if not $usesApi }}
            - name: Cluster__Provider
              value: Relay
            - name: Cluster__RelayAddress
              value: {{ printf "%s.%s.svc:%v" (include "edrs.relayServiceName" $ctx) $ctx.Release.Namespace $ctx.Values.cluster.remotingPort | quote }}
            {{- end }}
            {{- if eq $component "gateway" }}
            # Webhook deliveries go out from the members; the internet-facing gateway makes no such outbound calls.
            - name: Webhooks__Deliver
              value: "false"
            {{- end }}
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
            {{- if $ctx.Values.cluster.tls.enabled }}
            - name: cluster-tls
              mountPath: {{ include "edrs.clusterTlsPath" $ctx }}
              readOnly: true
            {{- end }}
            {{- if $values.modelCacheSizeLimit }}
            - name: model-cache
              mountPath: /var/cache/edrs/models
            {{- end }}
      volumes:
        # The root filesystem is read-only: these are the only writable paths.
        - name: tmp
          emptyDir:
            sizeLimit: {{ $ctx.Values.tmpSizeLimit }}
        {{- if $ctx.Values.cluster.tls.enabled }}
        # The cluster certificate (remoting mutual TLS); a whole-Secret mount, so a rotated Secret reaches the files.
        - name: cluster-tls
          secret:
            secretName: {{ include "edrs.clusterTlsSecretName" $ctx }}
            defaultMode: 0440
            items:
              - key: tls.crt
                path: tls.crt
              - key: tls.key
                path: tls.key
              - key: ca.crt
                path: ca.crt
        {{- end }}
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
