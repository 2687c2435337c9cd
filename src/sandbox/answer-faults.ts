import type { Context, Reply } from './api/http.ts';
import type { SandboxCloud } from './cloud.ts';

/**
 * Faults of the answer rather than the cloud: Nova unreachable for a while, a cell database that does
 * not answer, an answer lost after the request was carried out. The HTTP server asks before serving
 * (an answer instead of serving) and after (what becomes of the answer).
 */

/**
 * The error answer of a compute API in trouble: a 500 is Nova's own (its database does not answer);
 * Nova itself never answers 502, 503 or 504 (its unexpected errors are all 500, nova/api/openstack/
 * wsgi.py): those come from the load balancer in front of it, here HAProxy's built-in pages, as
 * when nova-api restarts or no backend is healthy.
 */
export function errorReply(status: number): Reply {
  const page = LOAD_BALANCER_PAGES[status];
  if (page)
    return {
      status,
      headers: { 'Content-Type': 'text/html', 'Cache-Control': 'no-cache' },
      body: `<html><body><h1>${status} ${page.title}</h1>\n${page.text}\n</body></html>\n`,
    };
  return dbErrorReply(status);
}

/** HAProxy's default error pages (http_err_msgs in its source) */
const LOAD_BALANCER_PAGES: Record<number, { title: string; text: string }> = {
  502: { title: 'Bad Gateway', text: 'The server returned an invalid or incomplete response.' },
  503: { title: 'Service Unavailable', text: 'No server is available to handle this request.' },
  504: { title: 'Gateway Timeout', text: "The server didn't respond in time." },
};

/** what a compute API error looks like when Nova's database does not answer */
function dbErrorReply(status: number): Reply {
  return {
    status,
    body: {
      computeFault: {
        code: status,
        message:
          "Unexpected API Error. Please report this at http://bugs.launchpad.net/nova/ and attach the Nova API log if possible.\n<class 'oslo_db.exception.DBConnectionError'>",
      },
    },
  };
}

const COMPUTE = '/compute';

/** The answer Nova gives instead of serving the request, while it is out or a cell is down. */
export function answerInstead(cloud: SandboxCloud, context: Context): Reply | undefined {
  if (!context.path.startsWith(COMPUTE)) return undefined;
  const now = cloud.clock.now();
  const { outage, cellDown } = cloud.faults;
  if (outage && now >= outage.until) cloud.faults.outage = null;
  if (cellDown && now >= cellDown.until) cloud.faults.cellDown = null;
  if (cloud.faults.outage?.answer === 'error') return errorReply(cloud.faults.outage.status);
  const server = /\/servers\/([^/]+)/.exec(context.path)?.[1];
  // the instance lives in the cell whose database does not answer
  if (server && cloud.faults.cellDown?.serverIds.has(server)) return dbErrorReply(500);
  return undefined;
}

/** What happens to an answer Nova has already worked out: sent, sent late, or lost on the way. */
export function fateOf(
  cloud: SandboxCloud,
  context: Context,
  reply: Reply,
): { reply: Reply; lose?: 'drop'; delayMs?: number } {
  let answer = reply;
  const down = cloud.faults.cellDown;
  // Listing across cells skips a cell that does not answer: its records are missing, not an error.
  // A server list with a filter (host=, name=…) skips it too: Nova shows a down cell's servers as
  // minimal records only in a list with no filter but all_tenants (servers.py _is_cell_down_supported,
  // from 2.69), and skips the cell otherwise (api.list_records_by_skipping_down_cells, default true).
  // That unfiltered list (Ferry's, for name suggestions only) is not modelled: it lists them whole.
  if (down && context.method === 'GET' && /\/servers(\/detail)?$/.test(context.path)) {
    const filtered = [...context.query.keys()].some((key) => key !== 'all_tenants');
    const body = answer.body as { servers?: { id?: string }[] } | undefined;
    if (filtered && body?.servers)
      answer = {
        ...answer,
        body: { ...body, servers: body.servers.filter((s) => !down.serverIds.has(String(s.id))) },
      };
  }
  if (down && context.path.endsWith('/os-migrations') && context.method === 'GET') {
    const body = answer.body as { migrations?: { instance_uuid?: string }[] } | undefined;
    if (body?.migrations)
      answer = {
        ...answer,
        body: {
          ...body,
          migrations: body.migrations.filter((m) => !down.serverIds.has(String(m.instance_uuid))),
        },
      };
  }
  if (context.path.startsWith(COMPUTE) && cloud.faults.outage?.answer === 'late')
    return { reply: answer, delayMs: cloud.faults.outage.lateMs };
  const lost = cloud.faults.lostAnswers.find(
    (candidate) =>
      (!candidate.method || candidate.method === context.method) &&
      (!candidate.pathContains || context.path.includes(candidate.pathContains)),
  );
  if (!lost) return { reply: answer };
  lost.count -= 1;
  if (lost.count <= 0) cloud.faults.lostAnswers.splice(cloud.faults.lostAnswers.indexOf(lost), 1);
  return lost.how === 'drop' ? { reply: answer, lose: 'drop' } : { reply: answer, delayMs: lost.ms };
}
