import type { RequestHandler } from 'express';

// AdminJS 7's page templates (layout and login) hard-code Roboto from fonts.googleapis.com; there is
// no option to turn it off. Our CSP blocks it (a console error on every page) and it would tell
// Google about every staff page view. Its design system names Roboto first and falls back to the
// system sans-serif stack, which is what staff then see.
const googleFontsLink = /<link[^>]+href="https:\/\/fonts\.googleapis\.com\/[^"]*"[^>]*>\s*/g;

/** Strips AdminJS's Google Fonts stylesheet from the HTML pages it renders. */
export const noExternalFonts: RequestHandler = (_req, res, next) => {
  const send = res.send.bind(res);
  res.send = (body?: unknown) => send(typeof body === 'string' ? body.replace(googleFontsLink, '') : body);
  next();
};
