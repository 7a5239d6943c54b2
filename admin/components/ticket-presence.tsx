import React from 'react';
import { Badge, Box, Text } from '@adminjs/design-system';
import type { TicketPresence } from './ticket-presence-hook.js';

const listed = (names: string[]) =>
  names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;

/** The "who else is here" line of a ticket page: the other staff viewing it, and who is typing a reply. */
const TicketPresenceBar: React.FC<{ presence: TicketPresence }> = ({ presence }) => {
  const typing = presence.others.filter((o) => o.typing).map((o) => o.name);
  return (
    <Box mb="lg" data-testid="presence" aria-live="polite">
      {presence.others.length > 0 ? (
        <Box flex flexDirection="row" alignItems="center" style={{ gap: 8, flexWrap: 'wrap' }}>
          <Text>Also viewing:</Text>
          {presence.others.map((o) => (
            <Badge key={o.userId} variant={o.typing ? 'info' : 'secondary'} data-testid="presence-viewer">
              {o.name}
            </Badge>
          ))}
        </Box>
      ) : (
        <Text color="grey60" data-testid="presence-alone">
          No other staff member has this ticket open.
        </Text>
      )}
      {typing.length > 0 && (
        <Text mt="sm" fontStyle="italic" data-testid="presence-typing">
          {`${listed(typing)} ${typing.length === 1 ? 'is' : 'are'} typing a reply…`}
        </Text>
      )}
      {presence.problem && (
        <Text mt="sm" color="grey60" data-testid="presence-problem">
          {presence.problem}
        </Text>
      )}
    </Box>
  );
};

export default TicketPresenceBar;
