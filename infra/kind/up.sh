#!/usr/bin/env bash
# The whole platform on a local kind cluster, from a clone, for a user with Docker, kind, kubectl, helm and openssl:
#   infra/kind/up.sh            # about 15 minutes the first time; Ctrl-C stops the port-forwards, the cluster stays
#   kind delete cluster --name telemetry                                   # all gone
# It cannot run on the project's build machine (no Docker, no cluster). What it installs is checked there instead by
# deploy-tests (KindWalkthroughTest): the chart renders with exactly the --set values below and passes its schema,
# every pod is restricted (the namespace enforces it), every Secret the chart reads is one this script creates, the
# images it builds and loads are the ones the chart runs, the Strimzi version is the one whose model the tests use,
# and the steps come in this order.
#  1. a kind cluster            5. the Secrets (random passwords, never written to the repository)
#  2. the images, kind load     6. a key for tokens, served in the cluster; a viewer and an operator token
#  3. the namespace, restricted 7. the chart (helm install --wait), then helm test
#  4. Strimzi, kube-prometheus-stack   8. port-forwards: the APIs on 8081 and 8083, Grafana on 3000
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"

CLUSTER="${CLUSTER:-telemetry}"
NAMESPACE=telemetry
RELEASE=telemetry
VERSION=1.0.0-SNAPSHOT
STRIMZI_VERSION=0.49.0
MONITORING_NAMESPACE=monitoring
MONITORING_RELEASE=kube-prometheus-stack
SERVICES=(replay-service detector-service anomaly-store)
work="$root/target/kind"
mkdir -p "$work"

for tool in docker kind kubectl helm openssl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "up.sh: '$tool' is required" >&2; exit 1; }
done

echo "== 1. the kind cluster $CLUSTER"
kind get clusters | grep -qx "$CLUSTER" || kind create cluster --name "$CLUSTER"
kubectl config use-context "kind-$CLUSTER"

echo "== 2. the images"
./mvnw -B -q package -DskipTests -pl replay-service,detector-service,anomaly-store -am
for service in "${SERVICES[@]}"; do
  docker build -f "$service/src/main/docker/Dockerfile.jvm" -t "localhost/telemetry/$service:$VERSION" "$service"
  kind load docker-image "localhost/telemetry/$service:$VERSION" --name "$CLUSTER"
done

echo "== 3. the namespace $NAMESPACE, restricted Pod Security enforced"
kubectl create namespace "$NAMESPACE" --dry-run=client -o yaml | kubectl apply -f -
kubectl label namespace "$NAMESPACE" pod-security.kubernetes.io/enforce=restricted --overwrite

echo "== 4. Strimzi $STRIMZI_VERSION (watching $NAMESPACE) and kube-prometheus-stack"
helm upgrade --install strimzi oci://quay.io/strimzi-helm/strimzi-kafka-operator --version "$STRIMZI_VERSION" \
  -n strimzi --create-namespace --set "watchNamespaces={$NAMESPACE}" --wait
kubectl create namespace "$MONITORING_NAMESPACE" --dry-run=client -o yaml | kubectl apply -f -

echo "== 5. the Secrets"
secret() { # namespace name args...: created once, kept on later runs
  local ns="$1" name="$2"
  shift 2
  kubectl -n "$ns" get secret "$name" >/dev/null 2>&1 || kubectl -n "$ns" create secret generic "$name" "$@"
}
secret "$NAMESPACE" anomaly-store-db --from-literal=username=anomalies \
  --from-literal=password="$(openssl rand -hex 24)"
secret "$NAMESPACE" postgres-superuser --from-literal=password="$(openssl rand -hex 24)"
reader_password="$(openssl rand -hex 24)"
secret "$NAMESPACE" anomalies-reader --from-literal=username=grafana_reader --from-literal=password="$reader_password"
# Grafana reads with the same role: a copy of that Secret in its namespace
kubectl -n "$NAMESPACE" get secret anomalies-reader -o json \
  | sed -e "s/\"namespace\": \"$NAMESPACE\"/\"namespace\": \"$MONITORING_NAMESPACE\"/" \
        -e '/"resourceVersion"/d' -e '/"uid"/d' -e '/"creationTimestamp"/d' \
  | kubectl apply -f -

helm repo add prometheus-community https://prometheus-community.github.io/helm-charts >/dev/null 2>&1 || true
helm repo update prometheus-community >/dev/null
helm upgrade --install "$MONITORING_RELEASE" prometheus-community/kube-prometheus-stack -n "$MONITORING_NAMESPACE" \
  --set grafana.sidecar.dashboards.searchNamespace=ALL \
  --set grafana.sidecar.datasources.searchNamespace=ALL \
  --set 'grafana.extraSecretMounts[0].name=anomalies-reader' \
  --set 'grafana.extraSecretMounts[0].secretName=anomalies-reader' \
  --set 'grafana.extraSecretMounts[0].mountPath=/etc/secrets/anomalies-reader' \
  --set 'grafana.extraSecretMounts[0].readOnly=true' \
  --wait --timeout 10m

echo "== 6. a key for the tokens (target/kind/), its public half served in the cluster"
[[ -f "$work/jwt-private.pem" ]] || openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$work/jwt-private.pem"
openssl pkey -in "$work/jwt-private.pem" -pubout -out "$work/jwt-public.pem"
kubectl -n "$NAMESPACE" create configmap token-key --from-file=jwt-public.pem="$work/jwt-public.pem" \
  --dry-run=client -o yaml | kubectl apply -f -
kubectl -n "$NAMESPACE" apply -f infra/kind/token-key.yaml
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
token() { # role: a 12-hour token of issuer and audience telemetry-platform (the services' defaults)
  local now header payload
  now="$(date +%s)"
  header="$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)"
  payload="$(printf '{"iss":"telemetry-platform","aud":"telemetry-platform","sub":"kind-%s","upn":"kind-%s","groups":["%s"],"iat":%s,"exp":%s}' \
    "$1" "$1" "$1" "$now" "$((now + 43200))" | b64url)"
  printf '%s.%s.%s' "$header" "$payload" \
    "$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$work/jwt-private.pem" | b64url)"
}
token viewer > "$work/viewer.jwt"
token operator > "$work/operator.jwt"

echo "== 7. the chart (waits for Kafka, PostgreSQL, the services and the data load), then helm test"
helm upgrade --install "$RELEASE" helm/telemetry-platform -n "$NAMESPACE" \
  --set auth.publicKeyLocation=http://token-key/jwt-public.pem \
  --set database.readerSecret=anomalies-reader \
  --set monitoring.podMonitor.enabled=true \
  --set monitoring.podMonitor.labels.release="$MONITORING_RELEASE" \
  --set "networkPolicy.databaseClientNamespaces={$MONITORING_NAMESPACE}" \
  --set strimzi.kafka.nodePool.replicas=1 \
  --set strimzi.kafka.nodePool.resources.requests.memory=1Gi \
  --set strimzi.kafka.nodePool.resources.limits.memory=1Gi \
  --set strimzi.kafka.nodePool.heap=512m \
  --set detector-service.app.replicas=2 \
  --wait --timeout 20m
helm test "$RELEASE" -n "$NAMESPACE"

echo "== 8. port-forwards (Ctrl-C stops them)"
kubectl -n "$NAMESPACE" port-forward svc/replay-service 8081:80 >/dev/null &
kubectl -n "$NAMESPACE" port-forward svc/anomaly-store 8083:80 >/dev/null &
kubectl -n "$MONITORING_NAMESPACE" port-forward "svc/$MONITORING_RELEASE-grafana" 3000:80 >/dev/null &
trap 'kill $(jobs -p) 2>/dev/null' EXIT
grafana_password="$(kubectl -n "$MONITORING_NAMESPACE" get secret "$MONITORING_RELEASE-grafana" \
  -o jsonpath='{.data.admin-password}' | openssl base64 -d -A)"
cat <<EOF

The platform runs in namespace $NAMESPACE. Start a replay and read the anomalies:
  curl -X POST localhost:8081/replays -H "Authorization: Bearer \$(cat $work/operator.jwt)" \\
    -H 'Content-Type: application/json' -d '{"spacecraft":"SMAP","speed":"max"}'
  curl -H "Authorization: Bearer \$(cat $work/viewer.jwt)" localhost:8083/anomalies/summary
The board: http://localhost:3000 (admin / $grafana_password), dashboard "Telemetry operations".
EOF
wait
