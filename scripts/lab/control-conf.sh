# Sourced by up.sh: configuration files of the control plane (rewritten on every lab:up).
DEBUG=$([ "${OS_DEBUG:-0}" = 1 ] && echo True || echo False)
mkdir -p "$ETC"/{keystone,placement,glance,neutron,nova} "$LAB"/{lock,glance/images,glance/staging,glance/tasks,nova/controller}

authtoken() { # username
cat <<EOT
[keystone_authtoken]
www_authenticate_uri = $KS
auth_url = $KS
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = $SVC_PASS
service_token_roles_required = True
EOT
}
svcauth() { # section username
cat <<EOT
[$1]
auth_type = password
auth_url = $KS/v3
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $2
password = $SVC_PASS
region_name = RegionOne
EOT
}

cat >"$ETC/keystone/keystone.conf" <<EOT
[DEFAULT]
debug = $DEBUG
[database]
connection = $DB/keystone
[token]
provider = fernet
[fernet_tokens]
key_repository = $ETC/keystone/fernet-keys
[fernet_receipts]
key_repository = $ETC/keystone/fernet-keys
[credential]
key_repository = $ETC/keystone/credential-keys
EOT

cat >"$ETC/placement/placement.conf" <<EOT
[DEFAULT]
debug = $DEBUG
[api]
auth_strategy = keystone
[placement_database]
connection = $DB/placement
$(authtoken placement)
EOT

cp "$PKGFILES/glance-common/usr/share/glance-common/glance-api-paste.ini" "$ETC/glance/glance-api-paste.ini"
cat >"$ETC/glance/glance-api.conf" <<EOT
[DEFAULT]
debug = $DEBUG
bind_host = 127.0.0.1
bind_port = 9292
workers = 1
enabled_backends = fs:file
[glance_store]
default_backend = fs
[fs]
filesystem_store_datadir = $LAB/glance/images/
[os_glance_staging_store]
filesystem_store_datadir = $LAB/glance/staging/
[os_glance_tasks_store]
filesystem_store_datadir = $LAB/glance/tasks/
[database]
connection = $DB/glance
[paste_deploy]
flavor = keystone
config_file = $ETC/glance/glance-api-paste.ini
[oslo_concurrency]
lock_path = $LAB/lock/glance
$(authtoken glance)
EOT

cp "$PKGFILES/neutron-common/usr/share/neutron-common/api-paste.ini" "$ETC/neutron/api-paste.ini"
cat >"$ETC/neutron/neutron.conf" <<EOT
[DEFAULT]
debug = $DEBUG
bind_host = 127.0.0.1
bind_port = 9696
api_paste_config = $ETC/neutron/api-paste.ini
core_plugin = ml2
# "router" even without L3 agents: it imports the port_forwarding model that ML2's get_ports()
# references (without it GET /v2.0/ports is HTTP 500)
service_plugins = router
auth_strategy = keystone
transport_url = $RABBIT
api_workers = 1
rpc_workers = 0
rpc_state_report_workers = 0
notify_nova_on_port_status_changes = False
notify_nova_on_port_data_changes = False
[database]
connection = $DB/neutron
[ml2]
type_drivers = flat
tenant_network_types =
mechanism_drivers =
extension_drivers =
[ml2_type_flat]
flat_networks = *
[oslo_concurrency]
lock_path = $LAB/lock/neutron
[agent]
root_helper = true
$(authtoken neutron)
$(svcauth nova nova)
EOT

cp "$PKGFILES/nova-common/usr/share/nova-common/api-paste.ini" "$ETC/nova/api-paste.ini"
sed -i "s#/etc/nova/healthcheck_disable#$LAB/nova/healthcheck_disable#" "$ETC/nova/api-paste.ini"
# Sections every Nova service shares (the computes' nova.conf has them too: hosts.sh).
nova_shared_sections() {
cat <<EOT
[oslo_messaging_notifications]
driver = noop
[vnc]
enabled = False
[spice]
enabled = False
[serial_console]
enabled = False
[cinder]
os_region_name = RegionOne
$(authtoken nova)
$(svcauth placement nova)
$(svcauth neutron nova)
$(svcauth glance nova)
EOT
}
cat >"$ETC/nova/nova.conf" <<EOT
[DEFAULT]
debug = $DEBUG
transport_url = $RABBIT
host = controller
my_ip = 127.0.0.1
state_path = $LAB/nova/controller
enabled_apis = osapi_compute
osapi_compute_listen = 127.0.0.1
osapi_compute_listen_port = 8774
osapi_compute_workers = 1
[wsgi]
api_paste_config = $ETC/nova/api-paste.ini
[api]
auth_strategy = keystone
[conductor]
workers = 1
[scheduler]
workers = 1
discover_hosts_in_cells_interval = 10
[filter_scheduler]
track_instance_changes = True
[oslo_concurrency]
lock_path = $LAB/lock/nova
[api_database]
connection = $DB/nova_api
[database]
connection = $DB/nova
$(nova_shared_sections)
EOT
