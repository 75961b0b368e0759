/** Loads every system call family so that each registers its handlers. */
import './process.js';
import './memory.js';
import './time.js';
import './signals.js';
import './files.js';
import './paths.js';
import './futex.js';
import './lifecycle.js';
import './groups.js';
import './poll.js';
import './sched.js';
