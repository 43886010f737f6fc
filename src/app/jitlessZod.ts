import { z } from 'zod';

/**
 * Zod without its compiled parsers, set before any schema is built: imported first by every entry
 * point of the page (main.tsx and each worker).
 *
 * The page's Content-Security-Policy allows no eval (server/http/headers.ts), so zod's compiled
 * parsers never ran here. But zod finds that out by trying `new Function` as it builds its first
 * object schema, and although it catches the refusal, the browser reports a CSP violation for it:
 * one on every page load and in every worker, in the console and to a report endpoint if one is
 * set, hiding a violation that would matter.
 */
z.config({ jitless: true });
