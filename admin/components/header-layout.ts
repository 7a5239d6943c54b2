// AdminJS puts a record's title and its action buttons on one row and never lets the buttons shrink
// or wrap: a ticket has enough actions (reply, note, assign, status, merge, macros…) that they ran
// over the title and off the right edge. These rules let the buttons move under the title and wrap.
// Loaded with the components bundle on every back-office page (styles are allowed inline by the CSP,
// as AdminJS's own styled-components need).
const rules = `
.adminjs_ActionHeader > :last-child { flex-wrap: wrap; column-gap: 24px; }
.adminjs_ActionHeader > :last-child > :last-child { flex-shrink: 1; min-width: 0; }
.adminjs_ActionHeader > :last-child > :last-child > * { display: flex; flex-wrap: wrap; row-gap: 8px; }
`;

if (typeof document !== 'undefined' && !document.getElementById('ticketflow-header-layout')) {
  const style = document.createElement('style');
  style.id = 'ticketflow-header-layout';
  style.textContent = rules;
  document.head.appendChild(style);
}
