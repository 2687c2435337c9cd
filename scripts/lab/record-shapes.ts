/**
 * Records the lab's real answers about what a move does to a server (issue #28), for the sandbox to
 * copy: flavors with extra specs and boots with them (Nova 2.93), ports with each binding:vnic_type
 * (Neutron), image properties (Glance), CPU traits (Placement), and each host's own CPU view
 * (virsh capabilities/domcapabilities, /proc/cpuinfo, nova.conf [libvirt]).
 *
 *   source .lab/openrc
 *   flock /tmp/ferry-lab-use.lock npx tsx scripts/lab/record-shapes.ts [PHASE...]
 *
 * Phases: nova neutron glance placement hosts catalog clean (default: all but clean, in that order;
 * clean deletes what the others created, named ferry-28-*). One file per answer in
 * test/fixtures/real-lab-28/, in test/fixtures/real-nova's format (`# METHOD path  (service
 * version)`, `# body: …` for a request body, `# HTTP status`, then the answer), copied to
 * $FERRY_RECORD_COPY (e.g. /work/coord/evidence) when set. The lab's UUIDs and 32-hex ids are
 * replaced by stable stand-ins, kept across runs in $FERRY_LAB_STATE/record-shapes-ids.json.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { type Answer, api, type Service, services } from './record-shapes-http.ts';

const STATE = process.env.FERRY_LAB_STATE ?? '/tmp/ferry-lab';
const DIR = new URL('../../test/fixtures/real-lab-28/', import.meta.url);
mkdirSync(DIR, { recursive: true });
const COPY = process.env.FERRY_RECORD_COPY;
if (COPY) mkdirSync(COPY, { recursive: true });

// stable stand-ins for the lab's UUIDs and ids, shared by every file and every run
const IDS = `${STATE}/record-shapes-ids.json`;
const stand = new Map<string, string>(
  existsSync(IDS) ? Object.entries(JSON.parse(readFileSync(IDS, 'utf8')) as Record<string, string>) : [],
);
const standIn = (value: string, make: (n: number) => string) => {
  if (!stand.has(value)) stand.set(value, make(stand.size + 1));
  return stand.get(value) as string;
};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const HEX32 = /\b[0-9a-f]{32}\b/g;
const scrub = (text: string) =>
  text
    .replace(UUID, (u) => standIn(u, (n) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`))
    .replace(HEX32, (h) => standIn(h, (n) => `${String(n).padStart(32, '0')}`))
    .replace(/req-[0-9a-f-]{36}/g, 'req-00000000-0000-4000-8000-000000000000');

function write(name: string, header: string[], content: string): void {
  const file = new URL(name, DIR);
  // an XML answer stays XML (its header is a comment after the root element would be invalid)
  const noted = name.endsWith('.xml')
    ? `<!-- ${header.join('; ').replaceAll('--', '')} -->`
    : header.map((line) => `# ${line}`).join('\n');
  writeFileSync(file, scrub(`${noted}\n${content}\n`));
  writeFileSync(IDS, JSON.stringify(Object.fromEntries(stand), null, 1));
  if (COPY) copyFileSync(file, `${COPY}/${name}`);
  console.log(`wrote ${name}`);
}
/** One call, kept as test/fixtures/real-lab-28/NAME.json. */
async function record(
  name: string,
  service: Service,
  method: string,
  path: string,
  body?: unknown,
  version?: string,
): Promise<Answer> {
  const answer = await api(service, method, path, body, version);
  const header = [`${method} ${path}  (${answer.label})`];
  if (body !== undefined) header.push(`body: ${JSON.stringify(body)}`);
  header.push(`HTTP ${answer.status}`);
  const content = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body, null, 2);
  write(`${name}.json`, header, content ?? '');
  console.log(`  → ${answer.status}`);
  return answer;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type Json = Record<string, unknown>;
const { nova, neutron, glance, placement } = services;

async function serverNamed(name: string): Promise<Json | undefined> {
  const found = await api(
    nova,
    'GET',
    `/servers/detail?all_tenants=1&name=${encodeURIComponent(`^${name}$`)}`,
  );
  return (found.body as { servers: Json[] }).servers[0];
}
async function flavorNamed(name: string): Promise<Json | undefined> {
  const all = await api(nova, 'GET', '/flavors/detail?is_public=None');
  return (all.body as { flavors: Json[] }).flavors.find((f) => f.name === name);
}
async function imageId(name: string): Promise<string> {
  const found = await api(glance, 'GET', `/v2/images?name=${name}`);
  return ((found.body as { images: Json[] }).images[0] as Json).id as string;
}

const FLAVORS: [string, Record<string, string>][] = [
  ['numa', { 'hw:numa_nodes': '1' }],
  ['pinned', { 'hw:cpu_policy': 'dedicated' }],
  ['hugepages', { 'hw:mem_page_size': 'large' }],
  ['pci', { 'pci_passthrough:alias': 'a1:1' }],
  ['vgpu', { 'resources:VGPU': '1' }],
  ['vtpm', { 'hw:tpm_version': '2.0', 'hw:tpm_model': 'tpm-tis' }],
  ['avx2', { 'trait:HW_CPU_X86_AVX2': 'required' }],
];
/** Boots NAME with FLAVOR and waits for ACTIVE or ERROR; returns the server's last answer. */
async function boot(file: string, name: string, flavor: string): Promise<Json | undefined> {
  const image = await imageId('ferry-lab-quiet');
  const request = { server: { name, flavorRef: flavor, imageRef: image, networks: 'none' } };
  const accepted = await record(file, nova, 'POST', '/servers', request);
  const id = ((accepted.body as Json)?.server as Json | undefined)?.id as string | undefined;
  if (!id) return undefined;
  for (let t = 0; t < 240; t += 2) {
    const shown = ((await api(nova, 'GET', `/servers/${id}`)).body as { server: Json }).server;
    if (shown.status === 'ERROR' || (shown.status === 'ACTIVE' && !shown['OS-EXT-STS:task_state'])) {
      console.log(`${name}: ${shown.status} after ${t} s`);
      return shown;
    }
    await sleep(2000);
  }
  return undefined;
}

async function phaseNova(): Promise<void> {
  const ids: Record<string, string> = {};
  let n = 1;
  for (const [kind] of FLAVORS) {
    const name = `ferry-28-${kind}`;
    let flavor = await flavorNamed(name);
    if (!flavor) {
      const created = await record(
        `${String(n++).padStart(2, '0')}-flavor-create-${kind}`,
        nova,
        'POST',
        '/flavors',
        {
          flavor: { name, ram: 256, vcpus: 1, disk: 1 },
        },
      );
      flavor = (created.body as { flavor: Json }).flavor;
    } else n++;
    ids[kind] = flavor.id as string;
  }
  for (const [kind, specs] of FLAVORS) {
    await record(
      `${String(n++).padStart(2, '0')}-flavor-extra-specs-set-${kind}`,
      nova,
      'POST',
      `/flavors/${ids[kind]}/os-extra_specs`,
      { extra_specs: specs },
    );
  }
  await record('15-flavor-extra-specs-vtpm', nova, 'GET', `/flavors/${ids.vtpm}/os-extra_specs`);
  await record('16-flavor-extra-specs-pci', nova, 'GET', `/flavors/${ids.pci}/os-extra_specs`);
  await record('17-flavor-show-numa', nova, 'GET', `/flavors/${ids.numa}`);
  await record('18-flavors-detail', nova, 'GET', '/flavors/detail');
  await record('19-flavors-detail-2.60', nova, 'GET', '/flavors/detail', undefined, '2.60');

  // each flavor booted once (image ferry-lab-quiet, no network): which boot on QEMU/TCG hosts, which fault
  n = 20;
  let numaHost: unknown;
  for (const [kind] of FLAVORS) {
    const name = `ferry-28-${kind}`;
    const file = `${String(n++).padStart(2, '0')}-boot-${kind}`;
    const server = (await serverNamed(name)) ?? (await boot(file, name, ids[kind] as string));
    if (server)
      await record(`${String(n).padStart(2, '0')}-server-show-${kind}`, nova, 'GET', `/servers/${server.id}`);
    // a server in ERROR still counts against the project's quota of 10 instances
    if (server?.status === 'ERROR') await api(nova, 'DELETE', `/servers/${server.id}`);
    n++;
    if (kind === 'numa') numaHost = server?.['OS-EXT-SRV-ATTR:host'];
  }
  if (numaHost)
    await record(
      '34-servers-detail-host-numa',
      nova,
      'GET',
      `/servers/detail?all_tenants=1&host=${numaHost}`,
    );
}

const VNICS = ['normal', 'direct', 'macvtap', 'direct-physical', 'vdpa'];
async function phaseNeutron(): Promise<void> {
  await record('40-networks', neutron, 'GET', '/v2.0/networks');
  let net = ((await api(neutron, 'GET', '/v2.0/networks?name=ferry-28-net')).body as { networks: Json[] })
    .networks[0];
  if (!net) {
    const created = await record('41-network-create', neutron, 'POST', '/v2.0/networks', {
      network: {
        name: 'ferry-28-net',
        'provider:network_type': 'flat',
        'provider:physical_network': 'physnet28',
      },
    });
    net = (created.body as { network: Json }).network;
    await record('42-subnet-create', neutron, 'POST', '/v2.0/subnets', {
      subnet: { name: 'ferry-28-subnet', network_id: net.id, ip_version: 4, cidr: '10.28.0.0/24' },
    });
  }
  const port: Record<string, string> = {};
  let n = 43;
  for (const vnic of VNICS) {
    const created = await record(`${n++}-port-create-${vnic}`, neutron, 'POST', '/v2.0/ports', {
      port: { name: `ferry-28-${vnic}`, network_id: net.id, 'binding:vnic_type': vnic },
    });
    port[vnic] = ((created.body as { port?: Json }).port?.id as string) ?? '';
  }
  const x = await serverNamed('server-x');
  const web = await serverNamed('web-1');
  if (!x || !web) throw new Error('server-x or web-1 missing: is the lab up?');
  await record('48-port-update-device-direct', neutron, 'PUT', `/v2.0/ports/${port.direct}`, {
    port: { device_id: x.id, device_owner: 'compute:nova' },
  });
  await record('49-port-update-host-direct', neutron, 'PUT', `/v2.0/ports/${port.direct}`, {
    port: { 'binding:host_id': x['OS-EXT-SRV-ATTR:host'] },
  });
  await record('50-port-update-device-macvtap', neutron, 'PUT', `/v2.0/ports/${port.macvtap}`, {
    port: { device_id: web.id, device_owner: 'compute:nova', 'binding:host_id': web['OS-EXT-SRV-ATTR:host'] },
  });
  await record('51-port-update-device-normal', neutron, 'PUT', `/v2.0/ports/${port.normal}`, {
    port: { device_id: web.id, device_owner: 'compute:nova' },
  });
  await record('52-ports-device-id', neutron, 'GET', `/v2.0/ports?device_id=${x.id}`);
  const fields = ['id', 'device_id', 'binding:vnic_type', 'binding:host_id', 'status'];
  await record(
    '53-ports-bulk-by-devices',
    neutron,
    'GET',
    `/v2.0/ports?device_id=${x.id}&device_id=${web.id}${fields.map((f) => `&fields=${f}`).join('')}`,
  );
  await record(
    '54-ports-bulk-no-match',
    neutron,
    'GET',
    `/v2.0/ports?device_id=${x.id}&device_id=nothing&fields=id`,
  );
  // a port attached by Nova itself to a running server (needs a mechanism driver that binds it)
  const target = (await serverNamed('ferry-28-numa')) ?? (await serverNamed('web-2'));
  if (target && port.vdpa !== undefined) {
    const attach = await api(neutron, 'POST', '/v2.0/ports', {
      port: { name: 'ferry-28-attach', network_id: net.id },
    });
    const id = (attach.body as { port: Json }).port.id;
    await record('55-interface-attach', nova, 'POST', `/servers/${target.id}/os-interface`, {
      interfaceAttachment: { port_id: id },
    });
    await record('56-port-after-attach', neutron, 'GET', `/v2.0/ports/${id}`);
    await record('57-server-interfaces', nova, 'GET', `/servers/${target.id}/os-interface`);
  }
}

async function phaseGlance(): Promise<void> {
  let id = ((await api(glance, 'GET', '/v2/images?name=ferry-28-props')).body as { images: Json[] }).images[0]
    ?.id as string | undefined;
  if (!id) {
    const created = await record('60-image-create', glance, 'POST', '/v2/images', {
      name: 'ferry-28-props',
      disk_format: 'raw',
      container_format: 'bare',
    });
    id = (created.body as Json).id as string;
  }
  const ops = [
    { op: 'add', path: '/hw_cpu_policy', value: 'dedicated' },
    { op: 'add', path: '/hw_mem_page_size', value: 'large' },
    { op: 'add', path: '/hw_tpm_version', value: '2.0' },
    { op: 'add', path: '/hw_tpm_model', value: 'tpm-crb' },
  ];
  await record('61-image-patch-properties', glance, 'PATCH', `/v2/images/${id}`, ops);
  await record('62-image-show', glance, 'GET', `/v2/images/${id}`);
  const quiet = await imageId('ferry-lab-quiet');
  await record('63-images-bulk-id-in', glance, 'GET', `/v2/images?id=in:${id},${quiet}`);
}

async function phasePlacement(): Promise<void> {
  await record('70-placement-root', placement, 'GET', '/');
  const rps = await record('71-resource-providers', placement, 'GET', '/resource_providers');
  let n = 72;
  for (const rp of (rps.body as { resource_providers: Json[] }).resource_providers)
    await record(`${n++}-traits-${rp.name}`, placement, 'GET', `/resource_providers/${rp.uuid}/traits`);
  await record('76-traits-hw-cpu', placement, 'GET', '/traits?name=startswith:HW_CPU');
  await record(
    '77-traits-hw-cpu-associated',
    placement,
    'GET',
    '/traits?name=startswith:HW_CPU&associated=true',
  );
}

const run = promisify(execFile);
async function inHost(host: string, ...command: string[]): Promise<string> {
  const holder = readFileSync(`${STATE}/pids/${host}.pid`, 'utf8').trim();
  try {
    const { stdout } = await run('nsenter', ['-t', holder, '-m', '-u', ...command], { maxBuffer: 1 << 24 });
    return stdout;
  } catch (error) {
    return `FAILED: ${(error as Error).message}`;
  }
}
async function phaseHosts(): Promise<void> {
  let n = 80;
  for (const host of ['compute1', 'compute2', 'compute3']) {
    const virsh = ['virsh', '-c', 'qemu:///system'];
    const caps = await inHost(host, ...virsh, 'capabilities');
    write(`${n++}-${host}-virsh-capabilities.xml`, [`${host}: virsh capabilities`], caps.trim());
    const dom = await inHost(host, ...virsh, 'domcapabilities', '--virttype', 'qemu');
    write(
      `${n++}-${host}-virsh-domcapabilities.xml`,
      [`${host}: virsh domcapabilities --virttype qemu`],
      dom.trim(),
    );
    const cpuinfo = await inHost(host, 'cat', '/proc/cpuinfo');
    const line = (key: string) => cpuinfo.split('\n').find((l) => l.startsWith(key)) ?? '';
    const lines = ['vendor_id', 'cpu family', 'model\t', 'model name', 'flags'].map(line).join('\n');
    write(
      `${n++}-${host}-proc-cpuinfo.txt`,
      [`${host}: /proc/cpuinfo (first processor's identity and flags)`],
      lines,
    );
    const conf = await inHost(host, 'cat', '/etc/nova/nova.conf');
    const section = /^\[libvirt\]\n(?:(?!\[).*\n)*/m.exec(conf)?.[0] ?? '';
    write(
      `${n++}-${host}-nova-conf-libvirt.txt`,
      [`${host}: /etc/nova/nova.conf [libvirt] section`],
      section.trim(),
    );
  }
  // the libvirt domains of the servers booted with NUMA / pinning flavors (phase nova): what Nova asked of QEMU
  for (const kind of ['numa', 'pinned']) {
    const server = await serverNamed(`ferry-28-${kind}`);
    if (!server?.['OS-EXT-SRV-ATTR:host']) continue;
    const host = server['OS-EXT-SRV-ATTR:host'] as string;
    const xml = await inHost(
      host,
      'virsh',
      '-c',
      'qemu:///system',
      'dumpxml',
      server['OS-EXT-SRV-ATTR:instance_name'] as string,
    );
    write(
      `${n++}-${host}-dumpxml-ferry-28-${kind}.xml`,
      [`${host}: virsh dumpxml of server ferry-28-${kind}`],
      xml.trim(),
    );
  }
  await record('96-os-hypervisors-detail-2.87', nova, 'GET', '/os-hypervisors/detail', undefined, '2.87');
}

async function phaseCatalog(): Promise<void> {
  await record('99-keystone-catalog', services.keystone, 'GET', '/v3/auth/catalog');
}

async function phaseClean(): Promise<void> {
  for (const name of FLAVORS.map(([kind]) => `ferry-28-${kind}`)) {
    const server = await serverNamed(name);
    if (server) console.log(`delete ${name}: ${(await api(nova, 'DELETE', `/servers/${server.id}`)).status}`);
  }
  const ports = (await api(neutron, 'GET', '/v2.0/ports')).body as { ports: Json[] };
  for (const p of ports.ports.filter((p) => String(p.name).startsWith('ferry-28-')))
    console.log(`delete port ${p.name}: ${(await api(neutron, 'DELETE', `/v2.0/ports/${p.id}`)).status}`);
  const nets = (await api(neutron, 'GET', '/v2.0/networks?name=ferry-28-net')).body as { networks: Json[] };
  for (const net of nets.networks)
    console.log(`delete network: ${(await api(neutron, 'DELETE', `/v2.0/networks/${net.id}`)).status}`);
  for (const [kind] of FLAVORS) {
    const flavor = await flavorNamed(`ferry-28-${kind}`);
    if (flavor)
      console.log(`delete flavor ${kind}: ${(await api(nova, 'DELETE', `/flavors/${flavor.id}`)).status}`);
  }
  const image = ((await api(glance, 'GET', '/v2/images?name=ferry-28-props')).body as { images: Json[] })
    .images[0];
  if (image) console.log(`delete image: ${(await api(glance, 'DELETE', `/v2/images/${image.id}`)).status}`);
}

const PHASES: Record<string, () => Promise<void>> = {
  nova: phaseNova,
  neutron: phaseNeutron,
  glance: phaseGlance,
  placement: phasePlacement,
  hosts: phaseHosts,
  catalog: phaseCatalog,
  clean: phaseClean,
};
const wanted = process.argv.slice(2);
for (const phase of wanted.length ? wanted : ['nova', 'neutron', 'glance', 'placement', 'hosts', 'catalog']) {
  const step = PHASES[phase];
  if (!step) throw new Error(`unknown phase ${phase}: ${Object.keys(PHASES).join(' ')}`);
  console.log(`== ${phase}`);
  await step();
}
