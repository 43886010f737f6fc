import type { z } from 'zod';

/** One thing wrong with an input, at a JSON path such as `steps[1].owner`. */
export interface SchemaError {
  path: string;
  message: string;
  /** Where in the file, for an input read from JSON text (json-lines.ts). */
  line?: number;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || '(top level)';
}

/** Zod issues as path + message, one per unknown field, worded for people who edit JSON by hand. */
export function toSchemaErrors(error: z.ZodError, prefix: readonly PropertyKey[] = []): SchemaError[] {
  const out: SchemaError[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: formatPath(path), message: `unknown field '${key}'` });
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      out.push({ path: formatPath(path), message: 'is required' });
    } else {
      out.push({ path: formatPath(path), message: issue.message });
    }
  }
  return out;
}

export function describeErrors(errors: readonly SchemaError[]): string {
  return errors.map((e) => `${placeOf(e)}: ${e.message}`).join('\n');
}

/** "steps[37].owner (line 412)": the path, and the line when the input was a file. */
export function placeOf(error: SchemaError): string {
  return error.line === undefined ? error.path : `${error.path} (line ${error.line})`;
}
