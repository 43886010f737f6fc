/**
 * Copies text to the clipboard wherever the page is served. The Clipboard API exists only in a
 * secure context (https, or localhost), and a workshop is often served over plain http on a LAN
 * address: there, the text is selected in its field and copied with `execCommand('copy')`, which
 * browsers still honour during a click. Resolves whether the text was copied; when it was not,
 * the field is left selected, so the person can press Ctrl+C (⌘C) themselves.
 */
export async function copyText(text: string, field: HTMLInputElement | null): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused (no permission, the page not focused): try the field.
    }
  }
  if (!field) return false;
  field.focus();
  field.select();
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}
