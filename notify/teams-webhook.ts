import type { OutboundHttp } from './outbound-http.js';

/** A message card for a Microsoft Teams incoming webhook. */
export interface TeamsMessage {
  title: string;
  text: string;
  url?: string;
}

/**
 * Posts a message card to a Teams incoming webhook through the outbound HTTP rules (https, public
 * addresses only, no redirects); throws on anything but a 2xx. The error carries the status and its
 * standard reason only: nothing the other side answered is kept, so a webhook URL aimed at an
 * internal service cannot be used to read it through the delivery log.
 */
export async function postTeamsMessage(http: OutboundHttp, webhookUrl: string, message: TeamsMessage): Promise<void> {
  const response = await http
    .postJson(webhookUrl, {
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: message.title,
      title: message.title,
      text: message.text,
      ...(message.url
        ? {
            potentialAction: [
              { '@type': 'OpenUri', name: 'Open ticket', targets: [{ os: 'default', uri: message.url }] },
            ],
          }
        : {}),
    })
    .catch((error: Error) => {
      throw new Error(`Teams webhook not called: ${error.message}`);
    });
  if (response.status < 200 || response.status > 299)
    throw new Error(`Teams webhook answered ${response.status} ${response.statusText}`);
}
