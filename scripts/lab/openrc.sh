# Sourced by up.sh: .lab/openrc (admin OS_* variables) and .lab/ssh/ (key, known_hosts, config).
cat >"$LAB/openrc" <<EOT
# source me: admin credentials for the Ferry lab (loopback only; scripts/lab/up.sh)
export OS_AUTH_URL=$KS/v3
export OS_IDENTITY_API_VERSION=3
export OS_USERNAME=admin
export OS_PASSWORD=$ADMIN_PASS
export OS_PROJECT_NAME=admin
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=RegionOne
export OS_INTERFACE=public
export OS_COMPUTE_API_VERSION=2.92   # novaclient 18.1 (OSC 6.0) max; the API itself goes to 2.93
export NOVA_URL=http://127.0.0.1:8774/v2.1
export PLACEMENT_URL=http://127.0.0.1:8778
# /drain --reboot on the lab (README "Patch campaigns"): Ferry runs it over SSH on the host it reboots
export FERRY_REBOOT_COMMAND=$BIN/reboot-host
EOT
cp "$LAB/openrc" "$DOT/openrc"
set +u; source "$LAB/openrc"; set -u

write_dot_ssh() { # the operator's (and Ferry's) view: root on each host by name
  mkdir -p "$DOT/ssh"; chmod 700 "$DOT/ssh"
  cp "$LAB/ssh/id_ed25519" "$LAB/ssh/id_ed25519.pub" "$LAB/ssh/known_hosts" "$DOT/ssh/"
  chmod 600 "$DOT/ssh/id_ed25519"
  local h
  : >"$DOT/ssh/config"
  for h in $HOSTS; do
    printf 'Host %s\n  HostName %s\n  User root\n  IdentityFile %s\n  UserKnownHostsFile %s\n  HostKeyAlias %s\n  StrictHostKeyChecking yes\n' \
      "$h" "${ADDR[$h]}" "$DOT/ssh/id_ed25519" "$DOT/ssh/known_hosts" "$h" >>"$DOT/ssh/config"
  done
  # FERRY_SSH_HOSTS for Ferry's host check
  printf '{%s}\n' "$(for h in $HOSTS; do printf '"%s":{"address":"%s"},' "$h" "${ADDR[$h]}"; done | sed 's/,$//')" >"$DOT/ssh/hosts.json"
}
