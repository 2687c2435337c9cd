import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { gateTroubleText } from '../../src/messages/drain-gates.ts';
import { PrometheusGates } from '../../src/monitoring/prometheus.ts';

/** A Prometheus that hangs up on a query: said in words, never undici's "other side closed" or its code. */

const server = createServer((request) => request.socket.destroy());
afterEach(() => new Promise((done) => server.close(done)));

it('says a gate whose Prometheus closed the connection before answering in words', async () => {
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  const [result] = await new PrometheusGates(`http://127.0.0.1:${port}`, ['up']).evaluate();
  expect(result).toMatchObject({
    verdict: 'unknown',
    trouble: { code: 'unreachable', cause: 'UND_ERR_SOCKET' },
  });
  if (result?.verdict !== 'unknown' || !result.trouble) throw new Error('expected a trouble');
  const said = gateTroubleText(result.trouble);
  expect(said).toBe(
    `Prometheus at 127.0.0.1:${port} could not be reached: it closed the connection before answering`,
  );
});
