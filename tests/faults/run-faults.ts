import { fullProfile, runFaultSuite } from './fault-rounds.js';

// `npm run faults`: the full fault-injection run (two rounds of every fault, longer load), with figures.
const report = await runFaultSuite(fullProfile, (line) => process.stdout.write(`${line}\n`));
const failed = report.violations.length > 0 || report.unexpectedExits.server + report.unexpectedExits.worker > 0;
process.exit(failed ? 1 : 0);
