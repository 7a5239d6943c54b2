/** The task queue ticket workflows and their activities run on. */
export const ticketTaskQueue = 'tickets';
