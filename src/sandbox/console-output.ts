import type { SandboxCloud } from './cloud.ts';
import { NovaFault, type SandboxServer } from './model.ts';

/**
 * `os-getConsoleOutput`, as the lab's Nova answered it (test/fixtures/lab-proofs): 200 with
 * `{"output": "…"}`, the last `length` lines; 404 "Guest does not have a console available." for a
 * stopped server. The sandbox's guests print a line a second ("tick N", like the lab's), from their
 * boot; a guest hung by the `guest-hangs` fault prints nothing from the moment it hung.
 */
export function consoleOutput(
  cloud: SandboxCloud,
  server: SandboxServer,
  argument: unknown,
): {
  status: number;
  body: unknown;
} {
  if (cloud.powerStateOf(server) !== 1) throw new NovaFault(404, 'Guest does not have a console available.');
  const length = (argument as { length?: unknown } | null)?.length;
  const until = server.consoleFrozenAt ?? cloud.clock.now();
  const ticks = Math.max(0, Math.floor((until - server.created) / 1000));
  const lines = typeof length === 'number' && length > 0 ? Math.min(length, ticks) : Math.min(ticks, 100);
  const output = Array.from({ length: lines }, (_, k) => `tick ${ticks - lines + k + 1}\n`).join('');
  return { status: 200, body: { output } };
}
