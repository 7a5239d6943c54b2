import React from 'react';
import { Box, Text } from '@adminjs/design-system';
import type { Mentionable } from './mention-typing.js';

// The suggestions shown while an `@mention` is typed in a note (what is typed and what a choice
// writes: mention-typing.ts). The server resolves mentions itself when the note is stored.

/** The list under the note's text box; `active` is the one Enter or Tab would choose. */
export function MentionSuggestions(props: {
  options: Mentionable[];
  active: number;
  onChoose: (handle: string) => void;
}) {
  if (props.options.length === 0) return null;
  return (
    <Box
      as="ul"
      role="listbox"
      id="mention-suggestions"
      aria-label="Staff to mention"
      data-testid="mention-suggestions"
      style={{
        listStyle: 'none',
        margin: 0,
        padding: 4,
        border: '1px solid #c0c0ca',
        maxWidth: 420,
        background: '#fff',
      }}
    >
      {props.options.map((m, i) => (
        <li
          key={m.handle}
          id={`mention-option-${m.handle}`}
          role="option"
          aria-selected={i === props.active}
          data-testid="mention-option"
          // mousedown, not click: the text box keeps its focus and caret.
          onMouseDown={(e) => {
            e.preventDefault();
            props.onChoose(m.handle);
          }}
          style={{ padding: '4px 8px', cursor: 'pointer', background: i === props.active ? '#e8edfd' : undefined }}
        >
          <Text as="span" fontWeight="bold">{`@${m.handle}`}</Text>
          <Text as="span">{` ${m.name}`}</Text>
        </li>
      ))}
    </Box>
  );
}
