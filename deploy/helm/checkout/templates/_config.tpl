{{/* The application.properties a service gets in the cluster: the connection keys the chart
     manages, then the service's `config` entries from the values. Every key here is a key
     the service declares in its own src/main/resources/application.properties (the build's
     ChartConfigMatchesServiceConfigKeysTest checks it). */}}
{{- define "checkout.managedConfig" -}}
{{- $root := .root -}}
{{- $svc := .svc -}}
{{- $db := printf "%s:%s/%s" (include "checkout.postgresHost" $root) (include "checkout.postgresPort" $root) $svc.database.name -}}
quarkus.http.port: "8080"
quarkus.management.port: "9000"
quarkus.datasource.reactive.url: {{ printf "postgresql://%s" $db | quote }}
{{- $tls := include "checkout.tlsCaSecrets" $root | fromYaml }}
{{- if hasKey $tls "postgresql" }}
quarkus.datasource.jdbc.url: {{ printf "jdbc:postgresql://%s?sslmode=verify-full&sslrootcert=/etc/checkout-tls/postgresql/ca.crt" $db | quote }}
quarkus.datasource.reactive.postgresql.ssl-mode: "verify-full"
quarkus.datasource.reactive.trust-certificate-pem: "true"
quarkus.datasource.reactive.trust-certificate-pem.certs: "/etc/checkout-tls/postgresql/ca.crt"
{{- else }}
quarkus.datasource.jdbc.url: {{ printf "jdbc:postgresql://%s" $db | quote }}
{{- end }}
{{- if hasKey $tls "redis" }}
quarkus.redis.tls.enabled: "true"
quarkus.redis.tls.trust-certificate-pem: "true"
quarkus.redis.tls.trust-certificate-pem.certs: "/etc/checkout-tls/redis/ca.crt"
{{- end }}
quarkus.redis.hosts: {{ include "checkout.redisUrl" $root | quote }}
kafka.bootstrap.servers: {{ include "checkout.kafkaBootstrap" $root | quote }}
{{- if $root.Values.kafka.auth.enabled }}
kafka.security.protocol: {{ ternary "SASL_SSL" "SASL_PLAINTEXT" $root.Values.kafka.tls.enabled | quote }}
kafka.sasl.mechanism: "SCRAM-SHA-512"
{{- else if $root.Values.kafka.tls.enabled }}
kafka.security.protocol: "SSL"
{{- end }}
{{- if hasKey $tls "kafka" }}
kafka.ssl.truststore.type: "PEM"
kafka.ssl.truststore.location: "/etc/checkout-tls/kafka/ca.crt"
{{- end }}
quarkus.otel.exporter.otlp.traces.endpoint: {{ $root.Values.observability.otlpEndpoint | quote }}
{{- if eq .name "order-service" }}
quarkus.rest-client.inventory.url: "http://inventory-service:8080"
{{- else if eq .name "payment-service" }}
quarkus.rest-client.payment-provider.url: {{ $root.Values.providers.paymentUrl | default (include "checkout.sandboxUrl" $root) | required "providers.paymentUrl is required when sandbox.enabled=false" | quote }}
{{- else if eq .name "shipping-service" }}
quarkus.rest-client.carrier.url: {{ $root.Values.providers.carrierUrl | default (include "checkout.sandboxUrl" $root) | required "providers.carrierUrl is required when sandbox.enabled=false" | quote }}
{{- end }}
{{- end -}}

{{- define "checkout.applicationProperties" -}}
{{- $managed := include "checkout.managedConfig" . | fromYaml -}}
# Rendered by the checkout chart. Keys are the service's own (see its application.properties);
# this file outranks the packaged defaults (config_ordinal), environment variables outrank it.
config_ordinal=270
{{- range $k, $v := $managed }}
{{ $k }}={{ $v }}
{{- end }}
{{- range $k, $v := .svc.config }}
{{- if hasKey $managed $k }}
{{- fail (printf "services.%s.config.%s is managed by the chart; set it through its own value" $.name $k) }}
{{- end }}
{{ $k }}={{ $v }}
{{- end }}
{{- end -}}
