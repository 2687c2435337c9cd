/**
 * What the sandbox's compute hosts answer to `virsh capabilities` and `virsh domcapabilities`, in the
 * shapes the lab's QEMU hosts printed (/work/coord/evidence 80-91, libvirt 9 / QEMU 7.2), trimmed to the
 * CPU parts Ferry reads. Two CPU families: compute3, the host with the older QEMU, has an older CPU
 * (Broadwell) than the others (Cascadelake): a guest defined there moves live onto them, not back.
 */

import type { SandboxHost } from './model.ts';

export type CpuFamily = NonNullable<SandboxHost['cpuFamily']>;

interface Family {
  model: string;
  signature: string;
  /** features `virsh capabilities` lists beside the host's model */
  features: string[];
  /** host-model's extra features (policy require) and those it lacks (policy disable) */
  require: string[];
  disable: string[];
  /** custom models libvirt says are usable on this CPU */
  usable: string[];
}

const OLDER_MODELS = [
  'qemu64',
  'qemu32',
  'kvm64',
  'Nehalem',
  'Westmere',
  'SandyBridge',
  'IvyBridge',
  'Haswell-noTSX-IBRS',
  'Broadwell-noTSX-IBRS',
];
const NEWER_MODELS = ['Skylake-Server-IBRS', 'Cascadelake-Server', 'Icelake-Server'];

const FAMILIES: Record<CpuFamily, Family> = {
  cascadelake: {
    model: 'Cascadelake-Server',
    signature: "family='6' model='85' stepping='7'",
    features: [
      'ds',
      'acpi',
      'ss',
      'ht',
      'tm',
      'pbe',
      'dtes64',
      'monitor',
      'vmx',
      'pdcm',
      'osxsave',
      'tsc_adjust',
      'cmt',
      'md-clear',
      'stibp',
      'arch-capabilities',
      'ssbd',
      'xsaves',
      'invtsc',
    ],
    require: [
      'ss',
      'vmx',
      'hypervisor',
      'tsc_adjust',
      'umip',
      'pku',
      'md-clear',
      'stibp',
      'arch-capabilities',
      'xsaves',
      'ibpb',
      'amd-ssbd',
      'rdctl-no',
      'ibrs-all',
      'skip-l1dfl-vmentry',
      'mds-no',
      'pschange-mc-no',
      'tsx-ctrl',
    ],
    disable: ['hle', 'rtm', 'mpx'],
    usable: [...OLDER_MODELS, 'Skylake-Server-IBRS', 'Cascadelake-Server'],
  },
  broadwell: {
    model: 'Broadwell-noTSX-IBRS',
    signature: "family='6' model='79' stepping='1'",
    features: [
      'vme',
      'ds',
      'acpi',
      'ss',
      'ht',
      'tm',
      'pbe',
      'dtes64',
      'monitor',
      'ds_cpl',
      'vmx',
      'smx',
      'est',
      'tm2',
      'xtpr',
      'pdcm',
      'dca',
      'osxsave',
      'f16c',
      'rdrand',
      'arat',
      'tsc_adjust',
      'cmt',
      'md-clear',
      'stibp',
      'ssbd',
      'xsaveopt',
      'pdpe1gb',
      'abm',
      'invtsc',
    ],
    require: [
      'vme',
      'ss',
      'vmx',
      'f16c',
      'rdrand',
      'hypervisor',
      'arat',
      'tsc_adjust',
      'md-clear',
      'stibp',
      'ssbd',
      'xsaveopt',
      'pdpe1gb',
      'abm',
      'ibpb',
      'amd-ssbd',
    ],
    disable: [],
    usable: OLDER_MODELS,
  },
};

export function familyOf(host: SandboxHost): CpuFamily {
  return host.cpuFamily ?? (host.name === 'compute3' ? 'broadwell' : 'cascadelake');
}

export function capabilitiesXml(host: SandboxHost): string {
  const f = FAMILIES[familyOf(host)];
  return `<capabilities>

  <host>
    <uuid>5a2e0f63-${host.name.length.toString(16).padStart(4, '0')}-4000-8000-000000000035</uuid>
    <cpu>
      <arch>x86_64</arch>
      <model>${f.model}</model>
      <vendor>Intel</vendor>
      <signature ${f.signature}/>
      <topology sockets='2' dies='1' cores='16' threads='2'/>
      <maxphysaddr mode='emulate' bits='46'/>
${f.features.map((name) => `      <feature name='${name}'/>`).join('\n')}
      <pages unit='KiB' size='4'/>
      <pages unit='KiB' size='2048'/>
      <pages unit='KiB' size='1048576'/>
    </cpu>
    <power_management>
      <suspend_mem/>
    </power_management>
    <iommu support='yes'/>
    <migration_features>
      <live/>
      <uri_transports>
        <uri_transport>tcp</uri_transport>
        <uri_transport>rdma</uri_transport>
      </uri_transports>
    </migration_features>
  </host>

</capabilities>
`;
}

export function domCapabilitiesXml(host: SandboxHost, virtType: string): string {
  const f = FAMILIES[familyOf(host)];
  const models = [...OLDER_MODELS, ...NEWER_MODELS];
  return `<domainCapabilities>
  <path>/usr/bin/qemu-system-x86_64</path>
  <domain>${virtType}</domain>
  <machine>pc-i440fx-7.2</machine>
  <arch>x86_64</arch>
  <vcpu max='255'/>
  <iothreads supported='yes'/>
  <cpu>
    <mode name='host-passthrough' supported='${virtType === 'kvm' ? 'yes' : 'no'}'/>
    <mode name='maximum' supported='yes'>
      <enum name='maximumMigratable'>
        <value>on</value>
        <value>off</value>
      </enum>
    </mode>
    <mode name='host-model' supported='yes'>
      <model fallback='forbid'>${f.model}</model>
      <vendor>Intel</vendor>
      <maxphysaddr mode='passthrough' limit='46'/>
${[...f.require.map((name) => `      <feature policy='require' name='${name}'/>`), ...f.disable.map((name) => `      <feature policy='disable' name='${name}'/>`)].join('\n')}
    </mode>
    <mode name='custom' supported='yes'>
${models.map((name) => `      <model usable='${f.usable.includes(name) ? 'yes' : 'no'}' vendor='${name.startsWith('qemu') || name.startsWith('kvm') ? 'unknown' : 'Intel'}'>${name}</model>`).join('\n')}
    </mode>
  </cpu>
</domainCapabilities>
`;
}
