/**
 * The page's fragment (`#token=…&view=redesign`) with `name` set to `value` where it stands
 * (added at the end if it is not there), or left out for undefined: the fragment carries what a
 * link opens, and browsers never send it to the server.
 */
export function hashWithParam(hash: string, name: string, value: string | undefined): string {
  const parts = hash.replace(/^#/, '').split('&').filter(Boolean);
  const at = parts.findIndex((part) => part.startsWith(`${name}=`));
  const others = parts.filter((part) => !part.startsWith(`${name}=`));
  if (value !== undefined) others.splice(at >= 0 ? at : others.length, 0, `${name}=${value}`);
  return others.length ? `#${others.join('&')}` : '';
}
