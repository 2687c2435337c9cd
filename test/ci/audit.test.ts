import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * npm run audit against a registry on loopback that answers the advisory endpoint as real ones do:
 * refused (405, as this machine's registry does), no advisory, or a high one for a package Ferry uses.
 */

let server: Server;
let registry: string;
let answer: 'refuse' | 'none' | 'high-pg';
let list: string;
let advisoryId = 0;

beforeEach(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      if (!request.url?.startsWith('/-/npm/v1/security/advisories/bulk'))
        return void response.writeHead(404, { 'Content-Type': 'application/json' }).end('{}');
      if (answer === 'refuse') return void response.writeHead(405, { Allow: 'GET,HEAD' }).end();
      response.writeHead(200, { 'Content-Type': 'application/json' });
      response.end(
        JSON.stringify(
          answer === 'none'
            ? {}
            : {
                pg: [
                  {
                    // npm caches what it worked out per advisory ID: a new one each run
                    id: advisoryId,
                    url: 'https://github.com/advisories/GHSA-test-0001',
                    title: 'SQL injection in a test advisory',
                    severity: 'high',
                    vulnerable_versions: '<99.0.0',
                    cwe: [],
                    cvss: { score: 7.5, vectorString: null },
                  },
                ],
              },
        ),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  registry = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
  list = join(mkdtempSync(join(tmpdir(), 'ferry-audit-')), 'audit-checked.json');
  advisoryId = 1_000_000 + Math.floor(Math.random() * 1_000_000_000);
});
afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function audit(): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'npm',
      ['run', '--silent', 'audit'],
      { env: { ...process.env, npm_config_registry: registry, FERRY_AUDIT_LIST: list } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code) : 0, output: stdout + stderr }),
    );
  });
}

const pgVersion = () =>
  (JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { version: string }> })
    .packages['node_modules/pg']?.version;

describe('npm run audit', () => {
  it('says plainly that advisories could not be checked when the registry refuses, and does not pass', async () => {
    answer = 'refuse';
    const { code, output } = await audit();
    expect(output).toMatch(/^npm audit: advisories could not be checked \(405 Method Not Allowed.*\)\.$/m);
    expect(output).toMatch(/No check that answered is recorded/);
    expect(code).toBe(3);
    expect(existsSync(list)).toBe(false);
  });

  it('fails on a high advisory, naming it, and keeps a dated list of the versions it checked', async () => {
    answer = 'high-pg';
    const { code, output } = await audit();
    expect(code).toBe(1);
    expect(output).toMatch(
      /^high {5}pg: SQL injection in a test advisory \(https:\/\/github\.com\/advisories\/GHSA-test-0001\)$/m,
    );
    expect(output).toMatch(/High or critical in: pg/);
    const checked = JSON.parse(readFileSync(list, 'utf8'));
    expect(checked.registry).toBe(registry);
    expect(Date.now() - Date.parse(checked.checkedAt)).toBeLessThan(60_000);
    expect(checked.packages).toContain(`pg@${pgVersion()}`);
    // dev dependencies are not shipped, so not checked
    expect(checked.packages.some((entry: string) => entry.startsWith('vitest@'))).toBe(false);
  }, 60_000);

  it('passes when nothing is reported, and says since when and for what it was last checked when it cannot check', async () => {
    answer = 'none';
    const passed = await audit();
    expect(passed.code).toBe(0);
    expect(passed.output).toMatch(
      /advisories checked at .*: 0 critical, 0 high, 0 moderate, 0 low; nothing high or critical/,
    );
    // an older list: one package has changed since it was checked
    const checked = JSON.parse(readFileSync(list, 'utf8'));
    checked.packages = checked.packages.map((entry: string) =>
      entry.startsWith('pg@') ? 'pg@8.0.0' : entry,
    );
    checked.checkedAt = '2026-11-01T09:00:00.000Z';
    writeFileSync(list, JSON.stringify(checked));
    answer = 'refuse';
    const refused = await audit();
    expect(refused.code).toBe(3);
    expect(refused.output).toContain(`They were last checked on 2026-11-01T09:00:00.000Z at ${registry}`);
    expect(refused.output).toContain(`1 are new or changed since, never checked: pg@${pgVersion()}.`);
  }, 60_000);
});
