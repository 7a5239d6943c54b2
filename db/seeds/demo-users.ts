import type { UserRole } from '../../domain/roles.js';

/** A demo account; the dev identity provider signs these in with the shared demo password. */
export interface DemoUser {
  email: string;
  name: string;
  role: UserRole;
  organization?: 'Acme Corp' | 'Globex';
}

/** The dev identity provider's password for every demo account (local runs and tests only). */
export const demoPassword = 'demo';

/** Every demo account, one or more per role. */
export const demoUsers: readonly DemoUser[] = [
  { email: 'admin@ticketflow.example', name: 'Ada Admin', role: 'admin' },
  { email: 'manager@ticketflow.example', name: 'Max Manager', role: 'manager' },
  { email: 'alice@ticketflow.example', name: 'Alice Agent', role: 'agent' },
  { email: 'bob@ticketflow.example', name: 'Bob Agent', role: 'agent' },
  { email: 'carol@ticketflow.example', name: 'Carol Agent', role: 'agent' },
  { email: 'cora@acme.example', name: 'Cora Customer', role: 'customer', organization: 'Acme Corp' },
  { email: 'carl@acme.example', name: 'Carl Customer', role: 'customer', organization: 'Acme Corp' },
  { email: 'gina@globex.example', name: 'Gina Customer', role: 'customer', organization: 'Globex' },
];
