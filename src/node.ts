/** The Node.js side of the library (`trapgate/node`): the host that gives a machine the real files, clocks and streams. */
export { createNodeHost } from './host/node-host.js';
export { readVdsoSource } from './host/vdso-source.js';
