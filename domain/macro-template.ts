/** The placeholders a macro's reply may use, e.g. `{{ticket.number}}`. */
export const macroPlaceholders = [
  'ticket.number',
  'ticket.title',
  'requester.name',
  'requester.firstName',
  'requester.email',
  'agent.name',
  'agent.firstName',
  'agent.email',
] as const;

/** One placeholder name (without the braces). */
export type MacroPlaceholder = (typeof macroPlaceholders)[number];

/** What each placeholder stands for when a macro is applied to one ticket by one agent. */
export type MacroValues = Record<MacroPlaceholder, string>;

// `{{ name }}`: spaces inside the braces are tolerated; a name never spans braces.
const placeholderPattern = /\{\{\s*([^{}]*?)\s*\}\}/g;

const isPlaceholder = (name: string): name is MacroPlaceholder =>
  (macroPlaceholders as readonly string[]).includes(name);

/** The placeholders in `body` that are not known, each once, in order of appearance (refused at save). */
export function unknownPlaceholders(body: string): string[] {
  const names = [...body.matchAll(placeholderPattern)].map((m) => m[1] ?? '');
  return [...new Set(names.filter((name) => !isPlaceholder(name)))];
}

/**
 * A macro's reply for one ticket. One pass over the macro's own text: the values put in are never
 * read again, so a ticket title containing `{{agent.name}}` or HTML appears exactly as written (the
 * conversation shows text, never markup). Unknown placeholders, refused at save, stay as written.
 */
export function renderMacroBody(body: string, values: MacroValues): string {
  // A replacer function, not a string: `$&` and the like in a value are not replacement patterns.
  return body.replace(placeholderPattern, (whole: string, name: string) =>
    isPlaceholder(name) ? values[name] : whole,
  );
}

const firstNameOf = (name: string) => name.trim().split(/\s+/)[0] ?? '';

/** The placeholder values from the ticket, its requester and the agent applying the macro. */
export function macroValuesOf(parts: {
  ticket: { number: string; title: string };
  requester: { name: string; email: string };
  agent: { name: string; email: string };
}): MacroValues {
  return {
    'ticket.number': parts.ticket.number,
    'ticket.title': parts.ticket.title,
    'requester.name': parts.requester.name,
    'requester.firstName': firstNameOf(parts.requester.name),
    'requester.email': parts.requester.email,
    'agent.name': parts.agent.name,
    'agent.firstName': firstNameOf(parts.agent.name),
    'agent.email': parts.agent.email,
  };
}
