import type { Outcome } from '../tickets/outcome.js';

/**
 * The one place ticket outcomes become exit codes (BSD sysexits where one fits): 0 done; 65 the
 * input names something that does not fit; 66 no such ticket; 75 a dependency did not answer (try
 * again later: nothing is lost); 77 not allowed; 1 any other refusal or a stale version.
 */
export function exitCodeOf(outcome: Outcome<unknown>): number {
  switch (outcome.kind) {
    case 'ok':
      return 0;
    case 'not_found':
      return 66;
    case 'unavailable':
      return 75;
    case 'stale':
      return 1;
    case 'refused':
      return outcome.reason === 'invalid_input' ? 65 : outcome.reason === 'forbidden' ? 77 : 1;
  }
}
