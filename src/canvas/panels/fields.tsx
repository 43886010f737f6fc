import { useEffect, useId, useRef, useState } from 'react';
import { parseAmount } from '../../core/model/amount';
import { formatDuration, parseDuration } from '../../core/model/duration';
import { formatShare, parseShare } from '../../core/model/share';

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

interface FieldProps<T> {
  label: string;
  /** The field's name in the map format; the inspector focuses it by name when asked (e.g. from a finding). */
  name: string;
  value: T;
  format(value: T): string;
  parse(text: string): Parsed<T>;
  commit(value: T): void;
  readOnly?: boolean;
  multiline?: boolean;
  placeholder?: string;
  hint?: string;
  /** Text fields commit as you type (others see it live); numbers and durations when you leave the field. */
  live?: boolean;
}

/**
 * One inspector field: a local draft while typing, validation with a message, and a commit only
 * of valid values. Invalid input is refused and explained, never clamped.
 */
export function Field<T>({ label, name, value, format, parse, commit, readOnly, multiline, placeholder, hint, live }: FieldProps<T>) {
  const id = useId();
  const [draft, setDraft] = useState(() => format(value));
  const [error, setError] = useState<string | null>(null);
  /**
   * Whether the draft holds typing not yet in the map (in a live field, which writes as it is
   * typed: typing since the person came into the field). Only then does the field hold on to its
   * text while a colleague changes the value, and only then does leaving it write: a person
   * tabbing through the inspector wrote back the value they had been shown, over a colleague's
   * change made meanwhile.
   */
  const typed = useRef(false);

  useEffect(() => {
    if (!typed.current) setDraft(format(value));
  }, [value, format]);

  const attempt = (text: string) => {
    const parsed = parse(text);
    if (!parsed.ok) {
      setError(parsed.message);
      return;
    }
    setError(null);
    // A live field stays this person's until they leave it: with each keystroke written, a
    // colleague typing in the same field at once wrote their text into the middle of this one,
    // letter by letter, and the map kept the mix of the two. Held, each person sees their own
    // text, and the map keeps whole the text of whoever typed last.
    if (!live) typed.current = false;
    commit(parsed.value);
  };

  const props = {
    id,
    name,
    value: draft,
    readOnly,
    placeholder,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    onChange: (event: { target: { value: string } }) => {
      typed.current = true;
      setDraft(event.target.value);
      if (live) attempt(event.target.value);
      else setError(null);
    },
    onBlur: () => {
      if (typed.current && !live) attempt(draft);
      else if (!error) {
        typed.current = false;
        setDraft(format(value));
      }
    },
    onKeyDown: (event: { key: string; shiftKey: boolean; preventDefault(): void }) => {
      if (event.key === 'Enter' && !(multiline && event.shiftKey)) {
        if (!multiline) event.preventDefault();
        if (typed.current) attempt(draft);
      }
      if (event.key === 'Escape') {
        typed.current = false;
        setDraft(format(value));
        setError(null);
      }
    },
  };

  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={3} {...props} /> : <input type="text" autoComplete="off" {...props} />}
      {error ? (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : hint ? (
        <p className="field-hint">{hint}</p>
      ) : null}
    </div>
  );
}

/** Text with bounds; `required` refuses empty text, optional text clears the field. */
export const textField = (max: number, required = false) => ({
  format: (value: string | undefined) => value ?? '',
  parse: (text: string): Parsed<string | undefined> => {
    if (required && !text.trim()) return { ok: false, message: 'cannot be empty' };
    if (text.length > max) return { ok: false, message: `at most ${max} characters (now ${text.length})` };
    return { ok: true, value: text === '' ? undefined : text };
  },
});

export const durationField = {
  format: (value: number | undefined) => formatDuration(value),
  parse: (text: string): Parsed<number | undefined> => {
    const result = parseDuration(text);
    return result.ok ? { ok: true, value: result.minutes } : result;
  },
};

/** A share typed as "40%", "40" or "0.4"; refused outside 0–100 % (core/model/share.ts). */
export const shareField = {
  format: formatShare,
  parse: (text: string): Parsed<number | undefined> => {
    const result = parseShare(text);
    return result.ok ? { ok: true, value: result.share } : result;
  },
};

/** A count or an amount of money, refused when negative, not a number, or past `max` (core/model/amount.ts). */
export const amountField = (max: number) => ({
  format: (value: number | undefined) => (value === undefined ? '' : String(value)),
  parse: (text: string): Parsed<number | undefined> => parseAmount(text, max),
});
