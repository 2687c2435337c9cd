/**
 * Ferry's slash commands, in the order the manifest and the console's help list them. This is the only
 * list: the Bolt listeners, the console's help and allow-list, and the manifest test all read it.
 */
import type { CommandDefinition } from '../src/chat/command.ts';
import { command as drain } from './drain.ts';
import { command as evacuate } from './evacuate.ts';
import { command as hostcheck } from './hostcheck.ts';
import { command as maintenance } from './maintenance.ts';
import { command as migrate } from './migrate.ts';
import { command as migrations } from './migrations.ts';
import { command as whereis } from './whereis.ts';

export const COMMANDS: CommandDefinition[] = [
  migrate,
  evacuate,
  drain,
  maintenance,
  hostcheck,
  migrations,
  whereis,
];
