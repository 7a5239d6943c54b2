import type { RequestHandler } from 'express';
import { HttpError } from '../http-error.js';

/** 415 unless the request body is declared as JSON. */
export const requireJson: RequestHandler = (req, _res, next) => {
  if (!req.is('application/json')) {
    throw new HttpError('unsupported_media_type', 'Send the body as JSON with `Content-Type: application/json`.');
  }
  next();
};
