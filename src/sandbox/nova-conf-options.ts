import { NOVA_CONF_DEFAULTS, type NovaConf } from './model.ts';

/**
 * The nova.conf options the `nova-conf` fault takes, by the names an operator types, and the sandbox's
 * NovaConf fields they set: faults are said back in the option names, never in the model's.
 */
export interface NovaConfOptions {
  max_concurrent_live_migrations?: number;
  migration_network_gbps?: number;
  live_migration_bandwidth?: number;
  live_migration_completion_timeout?: number;
  live_migration_timeout_action?: 'abort' | 'force_complete';
  live_migration_permit_post_copy?: boolean;
}

/** the field an option sets, and its unit when the model's differs (identity when absent) */
interface Option {
  field: keyof NovaConf;
  toConf?(typed: number): number;
  fromConf?(value: number): number;
}

const OPTIONS: Record<keyof NovaConfOptions, Option> = {
  max_concurrent_live_migrations: { field: 'maxConcurrentLiveMigrations' },
  migration_network_gbps: {
    field: 'nicBytesPerSecond',
    toConf: (gbps) => (gbps * 1e9) / 8,
    fromConf: (bytes) => (bytes * 8) / 1e9,
  },
  // MiB/s, as libvirt's option is
  live_migration_bandwidth: {
    field: 'bandwidthBytesPerSecond',
    toConf: (mib) => mib * 1024 * 1024,
    fromConf: (bytes) => bytes / (1024 * 1024),
  },
  live_migration_completion_timeout: { field: 'completionTimeoutPerGiB' },
  live_migration_timeout_action: { field: 'timeoutAction' },
  live_migration_permit_post_copy: { field: 'permitPostCopy' },
};

const NAMES = Object.keys(OPTIONS) as (keyof NovaConfOptions)[];

/** The fields the options typed set. */
export function novaConfChange(options: NovaConfOptions): Partial<NovaConf> {
  const change: Record<string, unknown> = {};
  for (const name of NAMES) {
    const typed = options[name];
    const { field, toConf } = OPTIONS[name];
    if (typed !== undefined) change[field] = toConf ? toConf(typed as number) : typed;
  }
  return change as Partial<NovaConf>;
}

/** Options as nova.conf lines: `live_migration_bandwidth = 20`. */
export function novaConfLines(options: NovaConfOptions): string[] {
  return NAMES.filter((name) => options[name] !== undefined).map(
    (name) => `${name} = ${String(options[name])}`,
  );
}

/** The options of a host's nova.conf that differ from the sandbox's defaults. */
export function novaConfChanged(conf: NovaConf): NovaConfOptions {
  const changed: Record<string, unknown> = {};
  for (const name of NAMES) {
    const { field, fromConf } = OPTIONS[name];
    if (conf[field] !== NOVA_CONF_DEFAULTS[field])
      changed[name] = fromConf ? fromConf(conf[field] as number) : conf[field];
  }
  return changed as NovaConfOptions;
}

/** nova.conf's options back to the sandbox's defaults (what `clear` does: they are only ever set as a fault). */
export function resetNovaConf(conf: NovaConf): void {
  for (const name of NAMES) {
    const { field } = OPTIONS[name];
    Object.assign(conf, { [field]: NOVA_CONF_DEFAULTS[field] });
  }
}
