/**
 * npm run audit: known advisories for the production dependencies (npm audit --omit=dev).
 *
 * - checked, nothing high or critical: exit 0 (moderate and low ones are listed);
 * - checked, a high or critical advisory: exit 1, each one named;
 * - not checked (the registry refuses the advisory endpoint, or cannot be reached): exit 3, saying
 *   plainly "advisories could not be checked (…)" and when, and for which versions, they last were.
 *
 * Every check that answered is recorded with its date in scripts/audit-checked.json (FERRY_AUDIT_LIST):
 * the production packages and versions it covered.
 */
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const listPath = process.env.FERRY_AUDIT_LIST ?? `${root}scripts/audit-checked.json`;

const NOT_CHECKED = 3;

interface Checked {
  checkedAt: string;
  registry: string;
  /** name@version of every production package the check covered */
  packages: string[];
}

interface AuditReport {
  auditReportVersion?: number;
  vulnerabilities?: Record<string, { severity: string; via: (string | { title: string; url: string })[] }>;
  metadata?: { vulnerabilities: Record<string, number> };
  message?: string;
}

function npm(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', args, { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** The production packages of the lockfile, as name@version, sorted. */
function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(`${root}package-lock.json`, 'utf8')) as {
    packages: Record<string, { version?: string; dev?: boolean }>;
  };
  const names = new Set<string>();
  for (const [path, entry] of Object.entries(lock.packages))
    if (path && !entry.dev && entry.version)
      names.add(`${path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)}@${entry.version}`);
  return [...names].sort();
}

function lastChecked(): Checked | null {
  if (!existsSync(listPath)) return null;
  return JSON.parse(readFileSync(listPath, 'utf8')) as Checked;
}

/** What changed in the production packages since the last check answered. */
function sinceLastCheck(now: string[]): string {
  const last = lastChecked();
  if (!last) return `No check that answered is recorded (${listPath}).`;
  const before = new Set(last.packages);
  const changed = now.filter((entry) => !before.has(entry));
  return `They were last checked on ${last.checkedAt} at ${last.registry}, for ${last.packages.length} production package versions; ${
    changed.length
      ? `${changed.length} are new or changed since, never checked: ${changed.join(', ')}.`
      : 'none has changed since.'
  }`;
}

/** Why npm did not check: its own message, or its first error line. */
function reasonOf(report: AuditReport | null, stderr: string, code: number): string {
  if (report?.message) return report.message;
  const line = stderr.split('\n').find((l) => /^npm (error|ERR!)/.test(l) && !/complete log/.test(l));
  return line?.replace(/^npm (error|ERR!)\s*/, '') ?? `npm audit exited with ${code} without a report`;
}

async function main(): Promise<number> {
  const registry = (await npm(['config', 'get', 'registry'])).stdout.trim();
  const { code, stdout, stderr } = await npm(['audit', '--omit=dev', '--json']);
  let report: AuditReport | null = null;
  try {
    report = JSON.parse(stdout) as AuditReport;
  } catch {
    // no JSON at all: the reason is in stderr
  }
  const packages = productionPackages();
  if (!report?.auditReportVersion) {
    console.log(`npm audit: advisories could not be checked (${reasonOf(report, stderr, code)}).`);
    console.log(sinceLastCheck(packages));
    console.log("Run 'npm run audit' where the registry's advisory endpoint answers.");
    return NOT_CHECKED;
  }
  const checked: Checked = { checkedAt: new Date().toISOString(), registry, packages };
  writeFileSync(listPath, `${JSON.stringify(checked, null, 2)}\n`);
  const serious: string[] = [];
  for (const [name, vulnerability] of Object.entries(report.vulnerabilities ?? {})) {
    const advisories = vulnerability.via.filter((via) => typeof via !== 'string');
    const what = advisories.length
      ? advisories.map((a) => `${a.title} (${a.url})`).join('; ')
      : `through ${vulnerability.via.join(', ')}`;
    const line = `${vulnerability.severity.padEnd(8)} ${name}: ${what}`;
    console.log(line);
    if (vulnerability.severity === 'high' || vulnerability.severity === 'critical') serious.push(name);
  }
  const counts = report.metadata?.vulnerabilities ?? {};
  const summary = ['critical', 'high', 'moderate', 'low']
    .map((level) => `${counts[level] ?? 0} ${level}`)
    .join(', ');
  if (serious.length) {
    console.log(
      `npm audit: advisories checked at ${registry}: ${summary}. High or critical in: ${serious.join(', ')}.`,
    );
    return 1;
  }
  console.log(`npm audit: advisories checked at ${registry}: ${summary}; nothing high or critical.`);
  return 0;
}

process.exitCode = await main();
