{{/* Labels shared by every object of the chart. Kept free of Helm-only labels so that the
     kustomize base (rendered from this chart) carries the same labels. */}}
{{- define "checkout.labels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: checkout-saga
app.kubernetes.io/component: {{ .component }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
{{- end -}}

{{/* The stable subset used in selectors (never changes between releases). */}}
{{- define "checkout.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* Image of a service or the sandbox: <registry>/<repository>/<name>:<tag>[-native]. */}}
{{- define "checkout.image" -}}
{{- $img := .root.Values.image -}}
{{- $prefix := ternary (printf "%s/%s" $img.registry $img.repository) $img.repository (ne $img.registry "") -}}
{{- $tag := ternary (printf "%s-native" $img.tag) $img.tag (eq $img.flavor "native") -}}
{{- printf "%s/%s:%s" $prefix .name $tag -}}
{{- end -}}

{{/* The user the image runs as: 185 in the UBI OpenJDK image, 1001 in the native images. */}}
{{- define "checkout.runAsUser" -}}
{{- ternary 1001 185 (eq .Values.image.flavor "native") -}}
{{- end -}}

{{- define "checkout.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .user }}
runAsGroup: {{ .group | default 0 }}
fsGroup: {{ .fsGroup | default .user }}
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "checkout.containerSecurityContext" -}}
runAsNonRoot: true
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/* Connection settings, from the bundled servers or the external ones. */}}
{{- define "checkout.postgresHost" -}}
{{- if .Values.postgresql.enabled -}}postgresql{{- else -}}{{ required "postgresql.external.host is required when postgresql.enabled=false" .Values.postgresql.external.host }}{{- end -}}
{{- end -}}
{{- define "checkout.postgresPort" -}}
{{- if .Values.postgresql.enabled -}}5432{{- else -}}{{ .Values.postgresql.external.port }}{{- end -}}
{{- end -}}
{{- define "checkout.redisUrl" -}}
{{- if .Values.redis.enabled -}}redis://redis:6379{{- else -}}{{ required "redis.external.url is required when redis.enabled=false" .Values.redis.external.url }}{{- end -}}
{{- end -}}
{{/* The Kafka port the services use: the TLS listener's with kafka.tls.enabled. */}}
{{- define "checkout.kafkaPort" -}}
{{- if .Values.kafka.tls.enabled -}}9093{{- else -}}9092{{- end -}}
{{- end -}}
{{/* TLS to the data stores (postgresql/redis/kafka.tls): the CA each is verified against is mounted
     at /etc/checkout-tls/<store>/ca.crt; the bundled PostgreSQL and Redis serve no TLS. */}}
{{- define "checkout.tlsCaSecrets" -}}
{{- if .Values.postgresql.tls.enabled }}
{{- if .Values.postgresql.enabled }}{{ fail "postgresql.tls.enabled: the bundled PostgreSQL serves no TLS (use an external server)" }}{{ end }}
postgresql: {{ required "postgresql.tls.caSecret is required with postgresql.tls.enabled" .Values.postgresql.tls.caSecret }}
{{- end }}
{{- if .Values.redis.tls.enabled }}
{{- if .Values.redis.enabled }}{{ fail "redis.tls.enabled: the bundled Redis serves no TLS (use an external server)" }}{{ end }}
{{- if not (hasPrefix "rediss://" (include "checkout.redisUrl" .)) }}{{ fail "redis.tls.enabled needs a rediss:// redis.external.url" }}{{ end }}
redis: {{ required "redis.tls.caSecret is required with redis.tls.enabled" .Values.redis.tls.caSecret }}
{{- end }}
{{- if .Values.kafka.tls.enabled }}
kafka: {{ if .Values.kafka.enabled }}{{ .Values.kafka.tls.caSecret | default (printf "%s-cluster-ca-cert" .Values.kafka.clusterName) }}{{ else }}{{ required "kafka.tls.caSecret is required with kafka.tls.enabled and an external Kafka" .Values.kafka.tls.caSecret }}{{ end }}
{{- end }}
{{- end -}}
{{- define "checkout.kafkaBootstrap" -}}
{{- if .Values.kafka.enabled -}}{{ .Values.kafka.clusterName }}-kafka-bootstrap:{{ include "checkout.kafkaPort" . }}{{- else -}}{{ required "kafka.external.bootstrapServers is required when kafka.enabled=false" .Values.kafka.external.bootstrapServers }}{{- end -}}
{{- end -}}
{{/* The issuer the services fetch keys from: the release's Keycloak when it deploys one. */}}
{{- define "checkout.authServerUrl" -}}
{{- if .Values.identity.keycloak.enabled -}}http://keycloak:8080/realms/checkout{{- else -}}{{ .Values.identity.authServerUrl }}{{- end -}}
{{- end -}}
{{- define "checkout.sandboxUrl" -}}
{{- if .Values.sandbox.enabled -}}http://sandbox:8080{{- end -}}
{{- end -}}


{{/* NetworkPolicy pieces: Prometheus's namespace, the API readers (audit), DNS. */}}
{{- define "checkout.np.observability" -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .Values.observability.namespace }}
{{- end -}}
{{- define "checkout.np.readers" -}}
{{- with .Values.networkPolicy.readers }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "checkout.np.dnsEgress" -}}
- to:
    - namespaceSelector: {}
      podSelector:
        matchLabels:
          {{- toYaml .Values.networkPolicy.dns.podLabels | nindent 10 }}
  ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
{{- end -}}
