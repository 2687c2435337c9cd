# Sourced by up.sh: the API services answering, the three computes' services up, hosts mapped to
# the cell, Neutron warmed up.
wait_for placement 90 http_ok http://127.0.0.1:8778/
wait_for glance-api 90 http_ok http://127.0.0.1:9292/healthcheck
wait_for neutron-server 120 http_ok http://127.0.0.1:9696/
wait_for nova-api 120 http_ok http://127.0.0.1:8774/
TOKEN=$(curl -si -H 'Content-Type: application/json' -d "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"admin\",\"domain\":{\"name\":\"Default\"},\"password\":\"$ADMIN_PASS\"}}},\"scope\":{\"project\":{\"name\":\"admin\",\"domain\":{\"name\":\"Default\"}}}}}" \
  $KS/v3/auth/tokens | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}' | tr -d '\r')
[ -n "$TOKEN" ] || die "cannot get admin token"
nova() { curl -sf --max-time 30 -H "X-Auth-Token: $TOKEN" -H 'OpenStack-API-Version: compute 2.93' -H 'Content-Type: application/json' "$@"; }
computes_up() {
  local s; s=$(nova $NOVA_URL/os-services?binary=nova-compute) || return 1
  [ "$(echo "$s" | jq '[.services[]|select(.state=="up" and (.host|test("^compute[123]$")))]|length')" = 3 ]
}
wait_for nova-compute-compute3 180 computes_up
hyps_up() {
  local h; h=$(nova $NOVA_URL/os-hypervisors/detail) || return 1
  [ "$(echo "$h" | jq '[.hypervisors[]|select(.state=="up")]|length')" -ge 3 ]
}
hyps_ok() { hyps_up || { $NM cell_v2 discover_hosts >>$LOG/dbsync.log 2>&1; hyps_up; }; }
wait_for nova-compute-compute1 120 hyps_ok
# Neutron gotcha: ML2 get_ports() touches Port.port_forwardings before any
# query has run, i.e. before SQLAlchemy configured the mappers -> every
# GET /v2.0/ports is HTTP 500 until some other query ran in that worker.
# One GET /v2.0/networks configures them (per api worker process).
neutron_warm() {
  curl -sf -o /dev/null -H "X-Auth-Token: $TOKEN" http://127.0.0.1:9696/v2.0/networks &&
  curl -sf -o /dev/null -H "X-Auth-Token: $TOKEN" "http://127.0.0.1:9696/v2.0/ports?device_id=warmup"
}
wait_for neutron-server 60 neutron_warm
rp_ok() { [ "$(curl -sf -H "X-Auth-Token: $TOKEN" -H 'OpenStack-API-Version: placement 1.39' $PLACEMENT_URL/resource_providers | jq '.resource_providers|length')" -ge 3 ]; }
wait_for placement 60 rp_ok
