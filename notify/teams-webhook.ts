/** A message card for a Microsoft Teams incoming webhook. */
export interface TeamsMessage {
  title: string;
  text: string;
  url?: string;
}

/** Posts a message card to a Teams incoming webhook; throws on any non-2xx answer. */
export async function postTeamsMessage(webhookUrl: string, message: TeamsMessage): Promise<void> {
  const response = await fetch(webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: message.title,
      title: message.title,
      text: message.text,
      ...(message.url ? { potentialAction: [{ '@type': 'OpenUri', name: 'Open ticket', targets: [{ os: 'default', uri: message.url }] }] } : {}),
    }),
    signal: AbortSignal.timeout(15_000),
  });
  if (!response.ok) throw new Error(`Teams webhook answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
}
