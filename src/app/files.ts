/** Offers text as a file download, named as the user would expect. */
export function download(filename: string, text: string, type = 'application/json'): void {
  offer(filename, new Blob([text], { type }));
}

export function downloadBytes(filename: string, bytes: Uint8Array, type: string): void {
  offer(filename, new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
}

function offer(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name from a title: letters, digits and dashes. */
export function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'map';
}
