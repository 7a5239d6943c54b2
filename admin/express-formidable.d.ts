// express-formidable ships no types; @adminjs/express needs it to parse AdminJS's form posts.
declare module 'express-formidable' {
  import type { RequestHandler } from 'express';
  /** Parses multipart, urlencoded and JSON bodies into `req.fields` and `req.files`. */
  export default function formidable(options?: Record<string, unknown>): RequestHandler;
}
