/** `trapgate demo`: runs a small program that Trapgate assembles and links itself (no cross compiler needed). */
import { createNodeHost } from '../host/node-host.js';
import { DEFAULT_CONFIG, Kernel } from '../kernel/kernel.js';
import { buildDemoProgram } from './demo-program.js';
import { decodeWaitStatus, shellStatus } from '../kernel/exit-status.js';

export function demoCommand(_args: string[]): number {
  const host = createNodeHost();
  const kernel = new Kernel(host, DEFAULT_CONFIG);
  const process_ = kernel.spawnImage(buildDemoProgram(), '/demo', ['demo'], []);
  return shellStatus(decodeWaitStatus(kernel.run(process_)));
}
