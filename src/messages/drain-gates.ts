import type { GateResult, GateTrouble } from '../core/ports/health-gates.ts';
import { t } from '../i18n/index.ts';

/** Health gates' facts (FERRY_GATES) in the reader's words (plain text: the chat edge escapes it). */

/**
 * A connection's failure as the system named it (Node's error code, or undici's message where it has
 * no code), in words; another as given.
 */
export function connectionCauseText(cause: string): string {
  switch (cause) {
    // fetch refuses the ports browsers block (1, 6000, 10080…) before any connection
    case 'bad port':
      return t`Ferry's HTTP client refuses that port (it is on the list of ports browsers block): give the service's real port`;
    // undici's own message when it says no more
    case 'fetch failed':
      return t`the request failed before any answer`;
    case 'ECONNREFUSED':
      return t`connection refused`;
    case 'ECONNRESET':
      return t`connection reset`;
    // undici's "other side closed" (operator trial): the server hung up without a word
    case 'UND_ERR_SOCKET':
      return t`it closed the connection before answering`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return t`host name not found (${cause})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return t`no route to the host (${cause})`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return t`connection timed out (${cause})`;
    default:
      return cause.includes('CERT') || cause.includes('SSL') || cause.includes('TLS')
        ? t`TLS refused (${cause})`
        : cause;
  }
}

/** Why a gate has no verdict: where Prometheus was asked (host:port) and what went wrong. */
export function gateTroubleText(trouble: GateTrouble): string {
  const at = trouble.prometheus;
  switch (trouble.code) {
    case 'unreachable':
      return t`Prometheus at ${at} could not be reached: ${connectionCauseText(trouble.cause)}`;
    case 'timeout':
      return t`Prometheus at ${at} did not answer within ${Math.round(trouble.afterMs / 100) / 10} s`;
    case 'error-answer':
      return trouble.error
        ? t`Prometheus at ${at} answered HTTP ${trouble.status}: ${trouble.errorType ?? 'error'}: ${trouble.error}`
        : t`Prometheus at ${at} answered HTTP ${trouble.status} without a result`;
    case 'unreadable':
      return t`Prometheus at ${at} answered a result of type ${trouble.resultType}, which Ferry cannot read`;
  }
}

/** An unknown gate's reason: its fact worded, or the sentence an earlier Ferry stored. */
export function gateUnknownText(result: Extract<GateResult, { verdict: 'unknown' }>): string {
  return result.trouble ? gateTroubleText(result.trouble) : (result.error ?? '');
}
