import { parse as parseIni } from 'ini';
import type { MigrationSettings } from '../core/model/host-check.ts';

/**
 * nova.conf and libvirtd.conf read the way their daemons read them, and the migration settings they
 * give. Pure: it reads text gathered elsewhere.
 */

export type Section = Record<string, string>;
export type Ini = Record<string, Section>;

/** nova.conf plus its nova.conf.d fragments, later files overriding earlier ones, as oslo.config does. */
export function parseNovaConf(files: string[]): Ini {
  const merged: Ini = {};
  for (const text of files) {
    const parsed = parseIni(text) as Record<string, unknown>;
    for (const [section, values] of Object.entries(parsed)) {
      if (!values || typeof values !== 'object') continue;
      const key = section === 'default' ? 'DEFAULT' : section;
      merged[key] = {
        ...merged[key],
        ...Object.fromEntries(
          Object.entries(values as Record<string, unknown>).map(([k, v]) => [k, String(v)]),
        ),
      };
    }
  }
  return merged;
}

/** libvirtd.conf has no sections. */
export function parseLibvirtdConf(text: string): Section {
  const parsed = parseIni(text) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(parsed)
      .filter(([, v]) => typeof v !== 'object')
      .map(([k, v]) => [k, String(v).replace(/^"|"$/g, '')]),
  );
}

/** A boolean option as oslo.config and libvirt read it. */
export const truthy = (value: string | undefined) =>
  value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());

export type { MigrationSettings };

/** The settings that decide how a host is reached for live migration. */
export function migrationSettings(nova: Ini): MigrationSettings {
  const libvirt = nova.libvirt ?? {};
  const uri = libvirt.live_migration_uri;
  const fromUri = uri ? /^qemu\+(tcp|tls|ssh):/.exec(uri)?.[1] : undefined;
  const scheme = (fromUri ?? libvirt.live_migration_scheme ?? 'tcp') as MigrationSettings['scheme'];
  return {
    scheme,
    nativeTls: truthy(libvirt.live_migration_with_native_tls),
    tunnelled: truthy(libvirt.live_migration_tunnelled),
    port: scheme === 'tls' ? 16514 : 16509,
    instancesPath: nova.DEFAULT?.instances_path ?? '$state_path/instances',
  };
}
