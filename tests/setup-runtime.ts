import { DefaultLogger, Runtime } from '@temporalio/worker';

// The Temporal SDK logs every worker state change at INFO; tests only want its warnings.
Runtime.install({ logger: new DefaultLogger('WARN') });
