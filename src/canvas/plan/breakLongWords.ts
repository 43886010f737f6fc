/** A run of this many characters with no space gets a line-break opportunity (`<wbr>`) after it. */
const LONGEST_RUN = 24;

/**
 * A table cell's HTML with a `<wbr>` in each long run of characters (a pasted address, a long
 * identifier), between characters, never inside a tag or an entity. The plan's table cells wrap
 * only between words (plan.css): wrapping anywhere let the table shrink its short columns until
 * "Surface" printed as "Surfac / e"; this keeps a long run from making the table wider than the
 * page instead.
 */
export function breakLongWords(html: string): string {
  return html
    .split(/(<[^>]*>)/)
    .map((part) => {
      if (part.startsWith('<')) return part;
      let run = 0;
      // One unit is an entity (&amp;) or one character (a whole surrogate pair, by the u flag).
      return part.replace(/&#?\w+;|[\s\S]/gu, (unit) => {
        run = /^\s$/u.test(unit) ? 0 : run + 1;
        return run > 0 && run % LONGEST_RUN === 0 ? `${unit}<wbr>` : unit;
      });
    })
    .join('');
}
