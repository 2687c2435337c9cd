# Sourced by up.sh: MariaDB, RabbitMQ, the schemas and the API services on 127.0.0.1
# (as /work/shared/real-openstack/up.sh did for the fake-driver cloud).
MYSOCK=$LAB/mysql/mysqld.sock
if [ ! -d $LAB/mysql/mysql ]; then
  say "initialising MariaDB datadir"
  mkdir -p $LAB/mysql && chown mysql:mysql $LAB/mysql
  mariadb-install-db --user=mysql --datadir=$LAB/mysql --auth-root-authentication-method=socket \
    --skip-test-db >"$LOG/mariadb-install.log" 2>&1 || die "mariadb-install-db failed"
fi
start mariadb /usr/sbin/mariadbd --no-defaults --user=mysql --datadir=$LAB/mysql \
  --bind-address=127.0.0.1 --port=3306 --socket=$MYSOCK --pid-file=$LAB/mysql/mariadbd.pid \
  --max-connections=1000 --skip-name-resolve --innodb-buffer-pool-size=64M \
  --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci
wait_for mariadb 60 mariadb --socket=$MYSOCK -uroot -e 'select 1'
SQL="CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';"
for d in keystone placement glance neutron nova_api nova nova_cell0; do
  SQL="$SQL CREATE DATABASE IF NOT EXISTS $d; GRANT ALL PRIVILEGES ON $d.* TO '$DB_USER'@'127.0.0.1';"
done
mariadb --socket=$MYSOCK -uroot -e "$SQL"

# --------------------------------------------------------------------------
# 4. RabbitMQ (own epmd on loopback, own mnesia dir)
# --------------------------------------------------------------------------
mkdir -p $LAB/rabbitmq $LOG/rabbitmq && chown -R rabbitmq:rabbitmq $LAB/rabbitmq $LOG/rabbitmq
export ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=4369
start epmd setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups /usr/bin/epmd -address 127.0.0.1
sleep 0.5
RMQ_ENV=(env HOME=/var/lib/rabbitmq RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  RABBITMQ_NODE_PORT=5672 RABBITMQ_DIST_PORT=25672 ERL_EPMD_ADDRESS=127.0.0.1
  "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS=-kernel inet_dist_use_interface {127,0,0,1}"
  RABBITMQ_MNESIA_BASE=$LAB/rabbitmq/mnesia RABBITMQ_LOG_BASE=$LOG/rabbitmq
  RABBITMQ_PID_FILE=$LAB/rabbitmq/beam.pid RABBITMQ_ENABLED_PLUGINS_FILE=$LAB/rabbitmq/enabled_plugins
  RABBITMQ_CONFIG_FILE=$LAB/rabbitmq/rabbitmq)
[ -f $LAB/rabbitmq/enabled_plugins ] || { echo '[].' >$LAB/rabbitmq/enabled_plugins; chown rabbitmq: $LAB/rabbitmq/enabled_plugins; }
echo 'loopback_users.guest = true' >$LAB/rabbitmq/rabbitmq.conf
start rabbitmq setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups "${RMQ_ENV[@]}" /usr/lib/rabbitmq/bin/rabbitmq-server
# the AMQP port answering is enough: the services reconnect (rabbitmq-diagnostics takes seconds)
amqp_ok() { timeout 2 bash -c '</dev/tcp/127.0.0.1/5672'; }
wait_for rabbitmq 120 amqp_ok

# --------------------------------------------------------------------------
# 5. DB schemas
# --------------------------------------------------------------------------
NM="$BIN/nova-manage --config-file $ETC/nova/nova.conf"
DONE=$LAB/mysql/.ferry-lab-bootstrap-done   # wiped by down.sh --purge
if [ -f $DONE ] && [ "${FORCE_DBSYNC:-0}" != 1 ]; then
  say "DB schemas + keystone bootstrap already done (FORCE_DBSYNC=1 to redo)"
else
t=$(date +%s)
keystone-manage --config-file $ETC/keystone/keystone.conf db_sync >>$LOG/dbsync.log 2>&1 || die "keystone db_sync"
if [ ! -f $ETC/keystone/fernet-keys/0 ]; then
  keystone-manage --config-file $ETC/keystone/keystone.conf fernet_setup --keystone-user root --keystone-group root >>$LOG/dbsync.log 2>&1
  keystone-manage --config-file $ETC/keystone/keystone.conf credential_setup --keystone-user root --keystone-group root >>$LOG/dbsync.log 2>&1
fi
keystone-manage --config-file $ETC/keystone/keystone.conf bootstrap --bootstrap-password "$ADMIN_PASS" \
  --bootstrap-admin-url $KS/v3/ --bootstrap-internal-url $KS/v3/ --bootstrap-public-url $KS/v3/ \
  --bootstrap-region-id RegionOne >>$LOG/dbsync.log 2>&1 || die "keystone bootstrap"
placement-manage --config-file $ETC/placement/placement.conf db sync >>$LOG/dbsync.log 2>&1 || die "placement db sync"
$BIN/glance-manage --config-file $ETC/glance/glance-api.conf db_sync >>$LOG/dbsync.log 2>&1 || die "glance db_sync"
$BIN/neutron-db-manage --config-file $ETC/neutron/neutron.conf upgrade heads >>$LOG/dbsync.log 2>&1 || die "neutron db upgrade"
$NM api_db sync >>$LOG/dbsync.log 2>&1 || die "nova api_db sync"
$NM cell_v2 map_cell0 --database_connection $DB/nova_cell0 >>$LOG/dbsync.log 2>&1 || die "map_cell0"
$NM cell_v2 list_cells 2>/dev/null | grep -q ' cell1 ' || $NM cell_v2 create_cell --name cell1 >>$LOG/dbsync.log 2>&1 || die "create_cell"
$NM db sync >>$LOG/dbsync.log 2>&1 || die "nova db sync"
say "DB schemas synced in $(( $(date +%s) - t ))s"
fi

# --------------------------------------------------------------------------
# 6. API services
# --------------------------------------------------------------------------
UWSGI=(uwsgi --plugin python3 --master --processes 1 --threads 4 --enable-threads --need-app
       --die-on-term --buffer-size 65535 --lazy-apps --add-header "Connection: close")
start keystone "${UWSGI[@]}" --http-socket 127.0.0.1:5000 --wsgi-file /usr/bin/keystone-wsgi-public \
  --env OS_KEYSTONE_CONFIG_FILES=$ETC/keystone/keystone.conf --procname-prefix keystone-
wait_for keystone 60 http_ok $KS/v3

if [ ! -f $DONE ] || [ "${FORCE_DBSYNC:-0}" = 1 ]; then
  say "registering keystone projects/users/services/endpoints"
  $PY "$LAB_TOOL/ks_init.py" "$KS/v3" "$ADMIN_PASS" "$SVC_PASS" >>$LOG/ks_init.log 2>&1 || { tail $LOG/ks_init.log; die "ks_init.py"; }
  touch $DONE
fi

# placement's code takes eventlet semaphores: with four threads in one uWSGI process one died
# "greenlet.error: cannot switch to a different thread" under load, the request it served never
# answered, and nova-conductor waited on it for ever (a live migration stayed "accepted"; every later
# request to placement hung): two processes of one thread each instead
PLACEMENT_UWSGI=(uwsgi --plugin python3 --master --processes 2 --threads 1 --need-app
       --die-on-term --buffer-size 65535 --lazy-apps --add-header "Connection: close")
start placement "${PLACEMENT_UWSGI[@]}" --http-socket 127.0.0.1:8778 --wsgi-file /usr/bin/placement-api \
  --env OS_PLACEMENT_CONFIG_DIR=$ETC/placement --procname-prefix placement-
start glance-api $BIN/glance-api --config-file $ETC/glance/glance-api.conf --log-file $LOG/glance-api.log
start neutron-server $BIN/neutron-server --config-file $ETC/neutron/neutron.conf --log-file $LOG/neutron-server.log
NOVA="--config-file $ETC/nova/nova.conf"
start nova-api $BIN/nova-api $NOVA --log-file $LOG/nova-api.log
start nova-conductor $BIN/nova-conductor $NOVA --log-file $LOG/nova-conductor.log
start nova-scheduler $BIN/nova-scheduler $NOVA --log-file $LOG/nova-scheduler.log

# wait-computes.sh waits for them: the compute hosts start meanwhile
