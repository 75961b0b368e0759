/** Initial resource limits of a process, as a fresh Linux login gets them (the init task's defaults). */
import { RLIM, RLIMIT, RLIM_NLIMITS } from '../abi/flags.js';
import { DEFAULT_STACK_LIMIT } from './exec/layout.js';

export function defaultRlimits(): Array<[bigint, bigint]> {
  const inf = RLIM.INFINITY64;
  const limits: Array<[bigint, bigint]> = Array.from({ length: RLIM_NLIMITS }, () => [inf, inf]);
  limits[RLIMIT.STACK] = [BigInt(DEFAULT_STACK_LIMIT), inf];
  limits[RLIMIT.CORE] = [0n, inf];
  limits[RLIMIT.NOFILE] = [1024n, 4096n];
  limits[RLIMIT.NPROC] = [4096n, 4096n];
  limits[RLIMIT.MEMLOCK] = [8n << 20n, 8n << 20n];
  limits[RLIMIT.SIGPENDING] = [4096n, 4096n];
  limits[RLIMIT.MSGQUEUE] = [819200n, 819200n];
  limits[RLIMIT.NICE] = [0n, 0n];
  limits[RLIMIT.RTPRIO] = [0n, 0n];
  return limits;
}
