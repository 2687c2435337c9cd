import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** What a bench starts beside Ferry in processes of their own, so Ferry's memory is measured alone. */

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs `script` (TypeScript, through tsx) and waits for the line `until`; its `export K=V` lines are its env. */
export async function child(
  script: string,
  args: string[],
  until: string,
): Promise<{ env: Record<string, string>; out: string; child: ChildProcess }> {
  const started = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const env: Record<string, string> = {};
  let out = '';
  await new Promise<void>((resolve, reject) => {
    started.on('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
    started.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.includes(until)) return;
      for (const [, key, value] of out.matchAll(/^export (\w+)=(.*)$/gm))
        env[key as string] = value as string;
      resolve();
    });
  });
  return { env, out, child: started };
}

/** The sandbox cloud (`npm run sandbox`) in a process of its own. */
export async function standaloneSandbox(
  profile: string,
  speed = 1,
): Promise<{ env: Record<string, string>; url: string; child: ChildProcess }> {
  const port = await freePort();
  const started = await child(
    'src/sandbox/main.ts',
    ['--profile', profile, '--port', String(port), '--speed', String(speed)],
    'Stop with Ctrl-C.',
  );
  return { env: started.env, url: `http://127.0.0.1:${port}`, child: started.child };
}
