import { useCallback, useEffect, useRef, useState } from 'react';
import { useCurrentAdmin } from 'adminjs';
import { io, type Socket } from 'socket.io-client';
import {
  presenceTiming,
  socketEvents,
  socketPath,
  type ClientToServerEvents,
  type PresenceEnterResult,
  type PresenceViewer,
  type ServerToClientEvents,
} from '../../domain/socket-events.js';

type BackOfficeSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

// One socket per tab, shared by every page of the back office (and reconnecting on its own).
let tabSocket: BackOfficeSocket | null = null;
const backOfficeSocket = (): BackOfficeSocket =>
  (tabSocket ??= io({ path: socketPath, withCredentials: true }) as BackOfficeSocket);

// A lost event (a process stopping, a reconnect) heals with the next full list.
const refreshEveryMs = 30_000;

/** Another staff member on the ticket, and whether they are typing a reply right now. */
export interface OtherViewer {
  userId: number;
  name: string;
  typing: boolean;
}

/** Who else has the ticket open, and `typed()` for the reply box to call on every keystroke (it throttles). */
export interface TicketPresence {
  others: OtherViewer[];
  typed: () => void;
  /** Why presence is not shown (the connection is down, or refused), or null. */
  problem: string | null;
}

/**
 * Shows this page as viewing `ticketId` to the other staff (socket.io `presence.enter` on the
 * ticket's staff room) and follows who else is: they enter, leave (page closed, socket dropped)
 * and type. A typing mark expires `presenceTiming.typingExpiresMs` after the last one heard.
 * Being in the staff room, the page also hears the ticket change: `onActivity` (a new message, a
 * new version) lets it show that at once.
 */
export function useTicketPresence(ticketId: number | null, onActivity?: () => void): TicketPresence {
  const [currentAdmin] = useCurrentAdmin();
  const me = Number(currentAdmin?.id);
  const [viewers, setViewers] = useState<Map<string, PresenceViewer>>(new Map());
  const [typingUntil, setTypingUntil] = useState<Map<string, number>>(new Map());
  const [problem, setProblem] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const lastTyped = useRef(0);
  const activity = useRef(onActivity);
  activity.current = onActivity;

  useEffect(() => {
    if (ticketId === null) return undefined;
    const socket = backOfficeSocket();
    const enter = () =>
      socket.emit(socketEvents.presenceEnter, ticketId, (result: PresenceEnterResult) => {
        setProblem(result.ok ? null : `Who else is here is not shown (${result.error}).`);
        if (result.ok) setViewers(new Map(result.viewers.map((v) => [v.socketId, v])));
      });
    const onEntered: ServerToClientEvents['presence.entered'] = (p) => {
      if (p.ticketId === ticketId) setViewers((old) => new Map(old).set(p.viewer.socketId, p.viewer));
    };
    const onLeft: ServerToClientEvents['presence.left'] = (p) => {
      if (p.ticketId !== ticketId) return;
      setViewers((old) => {
        const next = new Map(old);
        next.delete(p.socketId);
        return next;
      });
      setTypingUntil((old) => {
        const next = new Map(old);
        next.delete(p.socketId);
        return next;
      });
    };
    const onTyping: ServerToClientEvents['presence.typing'] = (p) => {
      if (p.ticketId !== ticketId) return;
      setViewers((old) => (old.has(p.viewer.socketId) ? old : new Map(old).set(p.viewer.socketId, p.viewer)));
      setTypingUntil((old) => new Map(old).set(p.viewer.socketId, Date.now() + presenceTiming.typingExpiresMs));
    };
    const onDisconnect = () => setProblem('Reconnecting to see who else is here…');
    const onMessage: ServerToClientEvents['message.created'] = (p) => {
      if (p.ticketId === ticketId) activity.current?.();
    };
    const onTicket: ServerToClientEvents['ticket.updated'] = (p) => {
      if (p.ticket.id === ticketId) activity.current?.();
    };
    socket.on('connect', enter);
    socket.on('disconnect', onDisconnect);
    socket.on(socketEvents.presenceEntered, onEntered);
    socket.on(socketEvents.presenceLeft, onLeft);
    socket.on(socketEvents.presenceTyping, onTyping);
    socket.on(socketEvents.messageCreated, onMessage);
    socket.on(socketEvents.ticketUpdated, onTicket);
    if (socket.connected) enter();
    const refresh = setInterval(() => socket.connected && enter(), refreshEveryMs);
    const tick = setInterval(() => setNow(Date.now()), 1_000);
    return () => {
      clearInterval(refresh);
      clearInterval(tick);
      socket.off('connect', enter);
      socket.off('disconnect', onDisconnect);
      socket.off(socketEvents.presenceEntered, onEntered);
      socket.off(socketEvents.presenceLeft, onLeft);
      socket.off(socketEvents.presenceTyping, onTyping);
      socket.off(socketEvents.messageCreated, onMessage);
      socket.off(socketEvents.ticketUpdated, onTicket);
      socket.emit(socketEvents.presenceLeave, ticketId);
      setViewers(new Map());
      setTypingUntil(new Map());
    };
  }, [ticketId]);

  const typed = useCallback(() => {
    if (ticketId === null || Date.now() - lastTyped.current < presenceTiming.typingThrottleMs) return;
    lastTyped.current = Date.now();
    backOfficeSocket().emit(socketEvents.presenceTyping, ticketId);
  }, [ticketId]);

  // One entry per person (two tabs are one colleague), never oneself.
  const people = new Map<number, OtherViewer>();
  for (const viewer of viewers.values()) {
    if (viewer.userId === me) continue;
    const typing = (typingUntil.get(viewer.socketId) ?? 0) > now;
    const known = people.get(viewer.userId);
    people.set(viewer.userId, { userId: viewer.userId, name: viewer.name, typing: typing || Boolean(known?.typing) });
  }
  const others = [...people.values()].sort((a, b) => a.name.localeCompare(b.name));
  return { others, typed, problem };
}
